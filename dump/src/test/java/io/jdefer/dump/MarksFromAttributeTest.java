package io.jdefer.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.plan.JdeferLowering;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.Attribute;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * SPEC section 6: every mark comes from the serialized plan (the JdeferLowering attribute), not
 * from instruction patterns.
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
        assertTrue(method.instructions().stream().anyMatch(i -> i.mark() == Mark.MERGE && i.text().contains("Deferrals.merge")),
                "jdefer's own merge, in the epilogue's handler, is marked");
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
}
