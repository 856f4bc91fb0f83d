package io.jdefer.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.plan.JdeferLowering;
import io.jdefer.plan.JdeferLowering.Region;
import io.jdefer.plan.JdeferLowering.RegionKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.Attribute;
import org.objectweb.asm.ByteVector;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * SPEC section 6: every mark comes from the serialized plan (the JdeferLowering attribute), not
 * from instruction patterns; --check fails only on what jdefer added to a normal path.
 */
class MarksFromAttributeTest {
    @TempDir
    Path temp;

    private MethodDump mimic(byte[] bytes) {
        return new ClassAnalyzer(name -> null).analyze(bytes).methods().stream().filter(m -> m.name().equals("mimic")).findFirst()
                .orElseThrow();
    }

    private byte[] lookAlike() throws Exception {
        Path classes = Dump.compile(Files.createDirectories(temp.resolve("classes")), "LookAlike.java");
        return Files.readAllBytes(classes.resolve("g/LookAlike.class"));
    }

    @Test
    void ownCodeThatLooksLikeJdefers_isNotMarked() throws Exception {
        MethodDump method = mimic(lookAlike());
        // line 16: mask |= 1 (iload; iconst_1; ior; istore), line 18: Deferrals.merge(first, second)
        List<Instruction> own = method.instructions().stream().filter(i -> i.line() == 16 || i.line() == 18)
                .filter(i -> i.text().startsWith("ior") || i.text().contains("Deferrals.merge")).collect(Collectors.toList());
        assertEquals(2, own.size(), new Listing(null, null).render(method));
        for (Instruction insn : own) {
            assertEquals(Mark.JAVAC, insn.mark(), insn.text());
        }
        // the method's exceptional exit is out of line (D37): jdefer's merge is in the exit it added to the class
        MethodDump exit = new ClassAnalyzer(name -> null).analyze(lookAlike()).methods().stream()
                .filter(m -> m.lowering() != null && m.lowering().strategy() == io.jdefer.plan.JdeferLowering.Strategy.EXIT)
                .findFirst().orElseThrow();
        assertTrue(exit.instructions().stream().anyMatch(i -> i.mark() == Mark.MERGE && i.text().contains("Deferrals.merge")),
                "jdefer's own merge, in the exit it added, is marked");
    }

    @Test
    void withoutTheAttribute_nothingIsMarked() throws Exception {
        ClassWriter writer = new ClassWriter(0);
        new ClassReader(lookAlike()).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
                    @Override
                    public void visitAttribute(Attribute attribute) {
                        if (!attribute.type.equals(JdeferLowering.ATTRIBUTE)) {
                            super.visitAttribute(attribute);
                        }
                    }
                };
            }
        }, 0);
        MethodDump method = mimic(writer.toByteArray());
        assertTrue(method.instructions().stream().noneMatch(i -> i.mark().isJdefer()), new Listing(null, null).render(method));
    }

    /** {@code s/Synthetic}: {@code added()} and {@code own()} both {@code new Object()}; only the first's is in a jdefer region. */
    private Path synthetic() throws Exception {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "s/Synthetic", null, "java/lang/Object", null);
        writer.visitSource("Synthetic.java", null);
        for (String name : List.of("added", "own")) {
            MethodVisitor method = writer.visitMethod(Opcodes.ACC_STATIC, name, "()V", null, null);
            // pc 0 new, 3 dup, 4 invokespecial, 7 pop, 8 return
            JdeferLowering lowering = new JdeferLowering(JdeferLowering.Strategy.OPEN_CODED, "", "", null, List.of(), name.equals("added")
                    ? List.of(new Region(RegionKind.EPILOGUE, 0, 8, -1)) : List.of(new Region(RegionKind.EXIT, 8, 9, -1)), List.of());
            method.visitAttribute(new Raw(lowering.write()));
            method.visitCode();
            method.visitTypeInsn(Opcodes.NEW, "java/lang/Object");
            method.visitInsn(Opcodes.DUP);
            method.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
            method.visitInsn(Opcodes.POP);
            method.visitInsn(Opcodes.RETURN);
            method.visitMaxs(0, 0);
            method.visitEnd();
        }
        writer.visitEnd();
        Path file = Files.createDirectories(temp.resolve("s")).resolve("Synthetic.class");
        Files.write(file, writer.toByteArray());
        return file;
    }

    @Test
    void check_failsOnTheAllocationJdeferAdded_andReportsTheOwnOneApart() throws Exception {
        Dump.Result result = Dump.run("--check", synthetic());
        assertEquals(1, result.status(), result.out() + result.err());
        assertEquals("s/Synthetic.java:0: s.Synthetic.added()V allocates on its normal path: new java/lang/Object (pc 0) [added by jdefer]\n"
                + "s/Synthetic.java:0: s.Synthetic.own()V allocates on its normal path: new java/lang/Object (pc 0) [own code]\n",
                result.out());
    }

    @Test
    void check_withOnlyOwnAllocations_passes() throws Exception {
        Dump.Result result = Dump.run("--check", "--method", "own", synthetic());
        assertEquals(0, result.status(), result.out() + result.err());
        assertEquals(1, Dump.run("--check-all", "--method", "own", synthetic()).status());
    }

    /** The attribute exactly as the codec wrote it. */
    private static final class Raw extends Attribute {
        private final byte[] content;

        Raw(byte[] content) {
            super(JdeferLowering.ATTRIBUTE);
            this.content = content;
        }

        @Override
        protected ByteVector write(ClassWriter classWriter, byte[] code, int codeLength, int maxStack, int maxLocals) {
            return new ByteVector(content.length).putByteArray(content, 0, content.length);
        }
    }
}
