package io.jdefer.classfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.testing.Javac;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Attribute;
import org.objectweb.asm.ByteVector;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * SPEC C5 (every rewritten class verifies): the class-file front ends check the data flow of the
 * methods they rewrote before writing them; rewritten code that would not verify is an error naming
 * the method; methods jdefer did not touch are not its business.
 */
class RewrittenCodeCheckTest {
    @Test
    void aRewrittenMethodWhoseCodeDoesNotVerify_isNamed() {
        List<String> failures = RewrittenCodeCheck.failures(classWithBadMethod(true));
        assertEquals(1, failures.size(), failures.toString());
        assertTrue(failures.get(0).startsWith("bad()V: its rewritten code does not verify"), failures.get(0));
    }

    @Test
    void aMethodJdeferDidNotRewrite_isNotChecked() {
        assertEquals(List.of(), RewrittenCodeCheck.failures(classWithBadMethod(false)));
    }

    @Test
    void whatTheRewriterWrites_verifies() {
        Map<String, byte[]> classes = Javac.javac().withoutProcessor().compile(ClassFileRewriteTest.SOURCE
                .replace("static void outside() { defer", "@Deferred static void outside() { defer")
                .replace("@Deferred(Strategy.INLINE) static void loop", "@Deferred static void loop")).assertSuccess().classes();
        RewriteOutcome outcome = ClassFileRewrite.rewrite(classes.get("r.Cases"), name -> classes.get(name.replace('/', '.')), false);
        assertEquals(List.of(), RewrittenCodeCheck.failures(outcome.bytes()));
    }

    /** {@code static void bad() { int x = null; }}, in bytecode, marked as rewritten or not. */
    private static byte[] classWithBadMethod(boolean marked) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "b/Bad", null, "java/lang/Object", null);
        MethodVisitor method = writer.visitMethod(Opcodes.ACC_STATIC, "bad", "()V", null, null);
        if (marked) {
            method.visitAttribute(new Attribute("JdeferLowering") {
                @Override
                protected ByteVector write(ClassWriter classWriter, byte[] code, int codeLength, int maxStack, int maxLocals) {
                    return new ByteVector().putByte(2);
                }
            });
        }
        method.visitCode();
        method.visitInsn(Opcodes.ACONST_NULL);
        method.visitVarInsn(Opcodes.ISTORE, 0);
        method.visitInsn(Opcodes.RETURN);
        method.visitMaxs(0, 0);
        method.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }
}
