package io.jdefer.rewrite;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * {@code defer(super::onExit)} (and {@code I.super::onExit}): a method handle cannot name a super
 * call, so the compiler makes a synthetic lambda body that does it. Read from its code (never its
 * name), that body is {@code aload 0; invokespecial Base.onExit(); [pop]; return}; the epilogue
 * makes the same {@code invokespecial} itself, so the pending throwable is offered to
 * {@code Base.onExit}, the action's real target (SPEC S5).
 */
final class SuperReferences {
    private SuperReferences() {}

    /** The {@code invokespecial} target that {@code body} only forwards to, as a handle; {@code null} for any other body. */
    static Handle forwardedTo(MethodNode body) {
        if ((body.access & Opcodes.ACC_STATIC) != 0 || !body.desc.equals("()V")) {
            return null;
        }
        List<AbstractInsnNode> code = new ArrayList<>();
        for (AbstractInsnNode insn : body.instructions) {
            if (Bytecode.isReal(insn)) {
                code.add(insn);
            }
        }
        int size = code.size();
        if (size < 3 || size > 4 || code.get(0).getOpcode() != Opcodes.ALOAD || ((VarInsnNode) code.get(0)).var != 0
                || code.get(1).getOpcode() != Opcodes.INVOKESPECIAL || code.get(size - 1).getOpcode() != Opcodes.RETURN) {
            return null;
        }
        MethodInsnNode call = (MethodInsnNode) code.get(1);
        if (!call.desc.startsWith("()") || call.name.startsWith("<")) {
            return null;
        }
        if (size == 4) {
            int pop = code.get(2).getOpcode();
            if (pop != Opcodes.POP && pop != Opcodes.POP2) {
                return null;
            }
        } else if (!call.desc.endsWith(")V")) {
            return null;
        }
        return new Handle(Opcodes.H_INVOKESPECIAL, call.owner, call.name, call.desc, call.itf);
    }
}
