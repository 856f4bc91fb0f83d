package io.jdefer.rewrite;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;

/** Small emitters shared by the lowerings; each comment gives the stack effect. */
final class Bytecode {
    private Bytecode() {}

    /** ... -> ..., value */
    static AbstractInsnNode pushInt(int value) {
        if (value >= -1 && value <= 5) {
            return new InsnNode(Opcodes.ICONST_0 + value);
        }
        if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
            return new IntInsnNode(Opcodes.BIPUSH, value);
        }
        if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            return new IntInsnNode(Opcodes.SIPUSH, value);
        }
        return new LdcInsnNode(value);
    }

    /** ... -> ..., default value of {@code type} (0, 0L, 0f, 0d, null). */
    static AbstractInsnNode pushDefault(Type type) {
        switch (type.getSort()) {
            case Type.BOOLEAN:
            case Type.CHAR:
            case Type.BYTE:
            case Type.SHORT:
            case Type.INT:
                return new InsnNode(Opcodes.ICONST_0);
            case Type.LONG:
                return new InsnNode(Opcodes.LCONST_0);
            case Type.FLOAT:
                return new InsnNode(Opcodes.FCONST_0);
            case Type.DOUBLE:
                return new InsnNode(Opcodes.DCONST_0);
            default:
                return new InsnNode(Opcodes.ACONST_NULL);
        }
    }

    /** ..., value -> ... (nothing for void). */
    static void pop(InsnList out, Type type) {
        if (type.getSize() == 2) {
            out.add(new InsnNode(Opcodes.POP2));
        } else if (type.getSize() == 1) {
            out.add(new InsnNode(Opcodes.POP));
        }
    }

    /** Whether the instruction is a real one (not a label, line number or frame). */
    static boolean isReal(AbstractInsnNode insn) {
        return insn != null && insn.getOpcode() >= 0;
    }

    /** The previous real instruction, or {@code null}. */
    static AbstractInsnNode previousReal(AbstractInsnNode insn) {
        AbstractInsnNode previous = insn.getPrevious();
        while (previous != null && !isReal(previous)) {
            previous = previous.getPrevious();
        }
        return previous;
    }

    /** The previous real instruction, or {@code null} when a label (a possible jump target) comes first. */
    static AbstractInsnNode previousInBlock(AbstractInsnNode insn) {
        for (AbstractInsnNode at = insn.getPrevious(); at != null; at = at.getPrevious()) {
            if (at instanceof LabelNode) {
                return null;
            }
            if (isReal(at)) {
                return at;
            }
        }
        return null;
    }

    /** The source line in effect at {@code insn}, or {@code -1} when the method has no line numbers. */
    static int lineOf(AbstractInsnNode insn) {
        for (AbstractInsnNode at = insn; at != null; at = at.getPrevious()) {
            if (at instanceof LineNumberNode) {
                return ((LineNumberNode) at).line;
            }
        }
        return -1;
    }

    static boolean isReturn(int opcode) {
        return opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN;
    }
}
