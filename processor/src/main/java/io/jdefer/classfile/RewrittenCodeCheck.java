package io.jdefer.classfile;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Attribute;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.BasicVerifier;

/**
 * The class-file front ends' safety net (SPEC C5: every rewritten class passes the verifier): the
 * methods jdefer rewrote are run through ASM's {@link BasicVerifier} data flow (types of locals and
 * operands, no class hierarchy needed, so nothing is loaded) before the bytes are written or
 * defined. Compilers other than javac lay out bytecode in shapes the rewriter may not expect; a
 * method whose rewritten code would not verify is an error naming it, never a class the JVM then
 * rejects at load time.
 */
final class RewrittenCodeCheck {
    private static final String LOWERING_ATTRIBUTE = "JdeferLowering";

    private RewrittenCodeCheck() {}

    /** One message per rewritten method of {@code classFile} that does not verify, as {@code name+descriptor: why}. */
    static List<String> failures(byte[] classFile) {
        ClassNode type = new ClassNode();
        new ClassReader(classFile).accept(type, new Attribute[0], ClassReader.SKIP_FRAMES);
        List<String> failures = new ArrayList<>();
        for (MethodNode method : type.methods) {
            if (!rewritten(method)) {
                continue;
            }
            try {
                new Analyzer<BasicValue>(new BasicVerifier()).analyze(type.name, method);
            } catch (AnalyzerException e) {
                failures.add(method.name + method.desc + ": its rewritten code does not verify (" + e.getMessage() + ")");
            }
        }
        return failures;
    }

    private static boolean rewritten(MethodNode method) {
        if (method.attrs != null) {
            for (Attribute attribute : method.attrs) {
                if (attribute.type.equals(LOWERING_ATTRIBUTE)) {
                    return true;
                }
            }
        }
        return false;
    }
}
