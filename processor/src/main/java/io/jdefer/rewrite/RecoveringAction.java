package io.jdefer.rewrite;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LocalVariableAnnotationNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.ParameterNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * SPEC S5 for a lambda action that calls {@code recover()}: its body method, called only from
 * epilogues once the lambda factory is gone, takes the pending throwable P as an extra last
 * parameter and returns what is left pending:
 *
 * <pre>
 *   void lambda$m$0(captures)       becomes   Throwable lambda$m$0(captures, Throwable p)
 *   recover()                       becomes   p, and p = null
 *   return                          becomes   return p
 *   (the action throws t)           becomes   return merge(p, t)    (S4: t replaces a recovered P)
 * </pre>
 *
 * So the epilogue runs {@code P = action(captures, P)}: no thread-local, no allocation, and only
 * the action's own body can recover (Go's rule that recover works only when called directly by the
 * deferred function).
 */
final class RecoveringAction {
    private RecoveringAction() {}

    static String rewrittenDescriptor(String descriptor) {
        Type throwable = Type.getObjectType(JvmNames.THROWABLE);
        List<Type> arguments = new ArrayList<>(List.of(Type.getArgumentTypes(descriptor)));
        arguments.add(throwable);
        return Type.getMethodDescriptor(throwable, arguments.toArray(new Type[0]));
    }

    static void apply(MethodNode method) {
        Type throwable = Type.getObjectType(JvmNames.THROWABLE);
        int slot = (method.access & Opcodes.ACC_STATIC) != 0 ? 0 : 1;
        for (Type argument : Type.getArgumentTypes(method.desc)) {
            slot += argument.getSize();
        }
        shiftLocals(method, slot);
        LoweringMarks marks = LoweringMarks.of(method);
        marks.shiftLocals(slot);
        marks.local(LoweringMarks.Role.PENDING, slot);
        Type originalReturn = Type.getReturnType(method.desc);
        method.desc = rewrittenDescriptor(method.desc);
        method.signature = null;
        if (method.parameters != null) {
            method.parameters.add(new ParameterNode("pending$", Opcodes.ACC_SYNTHETIC));
        }

        InsnList code = method.instructions;
        for (AbstractInsnNode insn : code.toArray()) {
            InsnList replacement = new InsnList();
            if (SiteLocator.isRecover(insn)) {
                // ... -> ..., p   and p = null
                replacement.add(Locals.load(throwable, slot));
                replacement.add(new InsnNode(Opcodes.ACONST_NULL));
                replacement.add(Locals.store(throwable, slot));
                marks.replace(code, insn, replacement, LoweringMarks.Region.RECOVER);
            } else if (Bytecode.isReturn(insn.getOpcode())) {
                Bytecode.pop(replacement, originalReturn);
                replacement.add(Locals.load(throwable, slot));
                replacement.add(new InsnNode(Opcodes.ARETURN));
                marks.replace(code, insn, replacement, LoweringMarks.Region.RECOVER);
            }
        }
        // handler: ..., thrown -> return merge(p, thrown)
        InsnList handler = new InsnList();
        handler.add(Locals.load(throwable, slot));
        handler.add(new InsnNode(Opcodes.SWAP));
        LabelNode merge = marks.start(handler);
        handler.add(new MethodInsnNode(Opcodes.INVOKESTATIC, JvmNames.DEFERRALS, "merge", JvmNames.MERGE_DESCRIPTOR, false));
        marks.end(handler, LoweringMarks.Region.MERGE, merge);
        handler.add(new InsnNode(Opcodes.ARETURN));
        marks.catchAll(method, handler, LoweringMarks.Region.RECOVER);
    }

    /** Moves every local at or above {@code slot} up by one, to make room for the new parameter. */
    private static void shiftLocals(MethodNode method, int slot) {
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof VarInsnNode && ((VarInsnNode) insn).var >= slot) {
                ((VarInsnNode) insn).var++;
            } else if (insn instanceof IincInsnNode && ((IincInsnNode) insn).var >= slot) {
                ((IincInsnNode) insn).var++;
            }
        }
        if (method.localVariables != null) {
            for (LocalVariableNode variable : method.localVariables) {
                if (variable.index >= slot) {
                    variable.index++;
                }
            }
        }
        for (List<LocalVariableAnnotationNode> annotations : Arrays.asList(
                method.visibleLocalVariableAnnotations, method.invisibleLocalVariableAnnotations)) {
            if (annotations != null) {
                for (LocalVariableAnnotationNode annotation : annotations) {
                    annotation.index.replaceAll(index -> index >= slot ? index + 1 : index);
                }
            }
        }
        method.maxLocals++;
    }
}
