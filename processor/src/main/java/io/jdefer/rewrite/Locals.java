package io.jdefer.rewrite;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/** Allocates new local variable slots past the ones javac used. */
final class Locals {
    private final MethodNode method;

    Locals(MethodNode method) {
        this.method = method;
    }

    int add(Type type) {
        int slot = method.maxLocals;
        method.maxLocals += type.getSize();
        return slot;
    }

    /** ..., value -> ... */
    static VarInsnNode store(Type type, int slot) {
        return new VarInsnNode(type.getOpcode(Opcodes.ISTORE), slot);
    }

    /** ... -> ..., value */
    static VarInsnNode load(Type type, int slot) {
        return new VarInsnNode(type.getOpcode(Opcodes.ILOAD), slot);
    }
}
