package io.jdefer.rewrite;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

/**
 * Where a constructor's body begins for jdefer: right after its {@code super(...)} or
 * {@code this(...)} call (SPEC S8). Before it {@code this} is uninitialized, so the catch-all
 * handler cannot cover that code, and no action can be registered there (SPEC C1).
 */
final class ConstructorBody {
    private ConstructorBody() {}

    /** The {@code invokespecial <init>} on {@code this}; the body starts after it. */
    static AbstractInsnNode superCall(String owner, MethodNode constructor) {
        Frame<SourceValue>[] frames;
        try {
            frames = new Analyzer<>(new SourceInterpreter()).analyze(owner, constructor);
        } catch (AnalyzerException e) {
            throw new IllegalStateException("have a constructor javac wrote that ASM cannot analyze: " + e.getMessage(), e);
        }
        for (int i = 0; i < constructor.instructions.size(); i++) {
            AbstractInsnNode insn = constructor.instructions.get(i);
            if (insn.getOpcode() != Opcodes.INVOKESPECIAL || !((MethodInsnNode) insn).name.equals("<init>") || frames[i] == null) {
                continue;
            }
            Frame<SourceValue> frame = frames[i];
            int arguments = Type.getArgumentTypes(((MethodInsnNode) insn).desc).length;
            SourceValue receiver = frame.getStack(frame.getStackSize() - 1 - arguments);
            if (!receiver.insns.isEmpty() && receiver.insns.stream().allMatch(ConstructorBody::loadsThis)) {
                return insn;
            }
        }
        throw new IllegalStateException("have constructor " + owner + ".<init>" + constructor.desc + " without super(...) or this(...), want one");
    }

    private static boolean loadsThis(AbstractInsnNode insn) {
        return insn.getOpcode() == Opcodes.ALOAD && ((VarInsnNode) insn).var == 0;
    }
}
