package io.jdefer.rewrite;

import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Which captures of a frame site are {@code this} (SPEC C4, D21): a lambda in an instance method
 * that uses a field or method captures {@code this} first ({@code () -> release(k)} captures
 * {@code this} and {@code k}). It is the same value for every entry of the invocation, so an entry
 * need not hold it: the registration drops it and the epilogue loads local 0 again. Only when the
 * method is an instance method that never writes local 0 (javac never does; other compilers and
 * hand-written bytecode may), and the capture is pushed by {@code aload_0} right before the
 * lambda factory (its null check, for {@code this::m}, included).
 */
final class ReceiverCaptures {
    private ReceiverCaptures() {}

    /** Per capture of {@code site}, whether it is {@code this}; all false when that cannot be shown. */
    static boolean[] of(MethodNode method, ActionSite site) {
        List<Type> captures = site.shape.captures();
        boolean[] isThis = new boolean[captures.size()];
        if ((method.access & Opcodes.ACC_STATIC) != 0 || site.factory == null || !(site.shape instanceof ActionShape.Direct)
                || writesLocalZero(method)) {
            return isThis;
        }
        AbstractInsnNode at = site.factory;
        for (int c = captures.size() - 1; c >= 0; c--) {
            at = Bytecode.previousInBlock(at);
            if (c == 0 && at != null && at.getOpcode() == Opcodes.POP) {
                AbstractInsnNode call = Bytecode.previousInBlock(at);
                AbstractInsnNode dup = call == null ? null : Bytecode.previousInBlock(call);
                if (!(call instanceof MethodInsnNode) || !((MethodInsnNode) call).name.equals("requireNonNull")
                        || dup == null || dup.getOpcode() != Opcodes.DUP) {
                    return new boolean[captures.size()];
                }
                at = Bytecode.previousInBlock(dup);
            }
            if (!(at instanceof VarInsnNode) || at.getOpcode() != captures.get(c).getOpcode(Opcodes.ILOAD)) {
                return new boolean[captures.size()]; // not a plain load: leave every capture in the entry
            }
            isThis[c] = at.getOpcode() == Opcodes.ALOAD && ((VarInsnNode) at).var == 0;
        }
        return isThis;
    }

    private static boolean writesLocalZero(MethodNode method) {
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof VarInsnNode && insn.getOpcode() == Opcodes.ASTORE && ((VarInsnNode) insn).var == 0) {
                return true;
            }
        }
        return false;
    }
}
