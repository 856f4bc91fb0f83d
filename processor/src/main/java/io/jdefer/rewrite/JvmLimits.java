package io.jdefer.rewrite;

import java.util.Collection;
import java.util.List;
import org.objectweb.asm.ClassTooLargeException;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;

/**
 * The JVM's limits that jdefer's additions can push a method or its class over (JVMS 4.11): local
 * slots and operand stack depth ({@code u2} in the {@code Code} attribute, 65,535), code length
 * (65,535 bytes, {@link org.objectweb.asm.MethodTooLargeException}, reported apart) and constant
 * pool entries (65,535). ASM writes {@code max_locals} and {@code max_stack} as {@code u2} without a
 * check, so a method past them would compile and then fail to load with {@code ClassFormatError}
 * (issue 14 item 3): each is found here, before writing, and becomes a problem naming the method.
 */
final class JvmLimits {
    static final int MAX_LOCALS = 65_535;
    static final int MAX_STACK = 65_535;
    /** Below this, javac's max_stack plus what a lowering can add (a few values) cannot pass the limit. */
    private static final int STACK_CHECK_FROM = MAX_STACK - 1_024;

    private JvmLimits() {}

    /** Local slots and stack depth of each rewritten method, after lowering. */
    static void check(String owner, Collection<MethodNode> rewritten, List<Problem> problems) {
        for (MethodNode method : rewritten) {
            String key = method.name + method.desc;
            if (method.maxLocals > MAX_LOCALS) {
                problems.add(new Problem(Problem.Kind.TOO_MANY_LOCALS, key, -1, method.maxLocals + " local slots, of the JVM's "
                        + MAX_LOCALS));
            } else if (method.maxStack > STACK_CHECK_FROM && needsMoreStack(owner, method)) {
                problems.add(new Problem(Problem.Kind.OPERAND_STACK_TOO_DEEP, key, -1, "an operand stack deeper than the JVM's "
                        + MAX_STACK + " values"));
            }
        }
    }

    /** Whether the lowered code needs more than {@link #MAX_STACK} operand stack values: the analyzer fails on that bound. */
    private static boolean needsMoreStack(String owner, MethodNode method) {
        int before = method.maxStack;
        method.maxStack = MAX_STACK;
        try {
            new Analyzer<>(new BasicInterpreter()).analyze(owner, method);
            return false;
        } catch (AnalyzerException e) {
            return String.valueOf(e.getMessage()).contains("Insufficient maximum stack size");
        } finally {
            method.maxStack = before;
        }
    }

    /**
     * The problem for a class whose constant pool jdefer's additions filled up, at the first rewritten
     * method (the pool is the class's: any of them may have added the last entry).
     */
    static Problem constantPoolFull(ClassTooLargeException e, List<MethodNode> rewritten) {
        String first = rewritten.isEmpty() ? "<clinit>()V" : rewritten.get(0).name + rewritten.get(0).desc;
        String others = rewritten.size() > 1 ? " (with " + (rewritten.size() - 1) + " more rewritten methods of the class)" : "";
        return new Problem(Problem.Kind.CONSTANT_POOL_FULL, first, -1, e.getConstantPoolCount()
                + " constant pool entries, of the JVM's 65,535" + others);
    }
}
