package io.jdefer.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceMethodVisitor;

/** Reading class files in tests: {@code javap} through {@link ToolProvider}, and ASM's tree API. */
public final class Bytecodes {
    private Bytecodes() {}

    /** {@code javap -c -p} of a class file. */
    public static String javap(byte[] classFile) {
        try {
            Path file = Files.createTempFile("jdefer-javap", ".class");
            try {
                Files.write(file, classFile);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
                int status = ToolProvider.findFirst("javap").orElseThrow().run(print, print, "-c", "-p", file.toString());
                if (status != 0) {
                    fail("javap failed: " + out);
                }
                return out.toString(StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code javap -c} listing of one method: from its header to the next blank line. */
    public static String javapMethod(byte[] classFile, String headerFragment) {
        String all = javap(classFile);
        int start = all.indexOf(headerFragment);
        if (start < 0) {
            fail("no method header containing '" + headerFragment + "' in:\n" + all);
        }
        int end = all.indexOf("\n\n", start);
        return all.substring(start, end < 0 ? all.length() : end);
    }

    public static ClassNode classNode(byte[] classFile) {
        ClassNode node = new ClassNode();
        new ClassReader(classFile).accept(node, 0);
        return node;
    }

    public static MethodNode method(byte[] classFile, String name) {
        List<MethodNode> found = new ArrayList<>();
        for (MethodNode method : classNode(classFile).methods) {
            if (method.name.equals(name)) {
                found.add(method);
            }
        }
        if (found.size() != 1) {
            fail("want one method " + name + ", have " + found.size());
        }
        return found.get(0);
    }

    /** {@code method}'s code as ASM's {@link Textifier} prints it: instructions, frames, maxima. */
    public static String text(MethodNode method) {
        Textifier textifier = new Textifier();
        method.accept(new TraceMethodVisitor(textifier));
        StringWriter out = new StringWriter();
        textifier.print(new PrintWriter(out));
        return out.toString();
    }

    /** Calls in {@code method} to methods of {@code owner} (an internal name). */
    public static List<String> callsTo(MethodNode method, String owner) {
        List<String> calls = new ArrayList<>();
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof MethodInsnNode && ((MethodInsnNode) insn).owner.equals(owner)) {
                calls.add(((MethodInsnNode) insn).name);
            }
        }
        return calls;
    }

    /**
     * Calls in {@code method} to the frame pool, where taking a frame reads {@code "take"}: general
     * entries take it with {@code ensure(frame)}, compact entries with {@code acquire()} (docs/frames.md).
     */
    public static List<String> poolCalls(MethodNode method) {
        List<String> calls = new ArrayList<>();
        for (String call : callsTo(method, "io/jdefer/runtime/FramePool")) {
            calls.add(call.equals("ensure") || call.equals("acquire") ? "take" : call);
        }
        return calls;
    }

    /** Opcodes that appear in {@code method}, as counts by opcode. */
    public static int count(MethodNode method, int opcode) {
        int count = 0;
        for (AbstractInsnNode insn : method.instructions) {
            if (insn.getOpcode() == opcode) {
                count++;
            }
        }
        return count;
    }
}
