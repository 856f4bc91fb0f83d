package io.jdefer.rewrite;

import io.jdefer.plan.SiteKind;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;

/**
 * A registration found in a method's bytecode. Its {@code anchor} is the {@code Defers.defer...}
 * call, or the store of a {@code @Defer} local. Right before the anchor the operand stack holds the
 * action's captures (or the object it stands for); {@link #replaceRegistration} swaps the API call
 * for the lowering's own registration code.
 */
final class ActionSite {
    final SiteKind kind;
    final AbstractInsnNode anchor;
    /** The lambda factory removed together with the call, or {@code null}. */
    final InvokeDynamicInsnNode factory;
    final ActionShape shape;
    /** The source line of the registration, or {@code -1} without line numbers. */
    final int line;
    /** Where the registration's null check or guard starts and ends, once {@link #replaceRegistration} added one. */
    LabelNode checkStart;
    LabelNode checkEnd;

    ActionSite(SiteKind kind, AbstractInsnNode anchor, InvokeDynamicInsnNode factory, ActionShape shape) {
        this.kind = kind;
        this.anchor = anchor;
        this.factory = factory;
        this.shape = shape;
        this.line = Bytecode.lineOf(anchor);
    }


    /**
     * Replaces the API call by {@code registration}, which expects the captures on the stack and
     * consumes them.
     */
    void replaceRegistration(InsnList code, InsnList registration) {
        if (kind == SiteKind.DEFER_LOCAL) {
            // ..., value -> ..., value (registered unless null); the original store follows.
            LabelNode skip = new LabelNode();
            InsnList guarded = new InsnList();
            checkStart = new LabelNode();
            guarded.add(checkStart);
            guarded.add(new InsnNode(Opcodes.DUP));
            guarded.add(new JumpInsnNode(Opcodes.IFNULL, skip));
            guarded.add(new InsnNode(Opcodes.DUP));
            guarded.add(registration);
            guarded.add(skip);
            checkEnd = new LabelNode();
            guarded.add(checkEnd);
            code.insertBefore(anchor, guarded);
            return;
        }
        if (factory == null) {
            // ..., action -> ..., action: a null Action fails here, at its registration (SPEC S1).
            InsnList check = new InsnList();
            checkStart = new LabelNode();
            check.add(checkStart);
            check.add(new InsnNode(Opcodes.DUP));
            check.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/util/Objects", "requireNonNull",
                    "(Ljava/lang/Object;)Ljava/lang/Object;", false));
            check.add(new InsnNode(Opcodes.POP));
            code.insertBefore(anchor, check);
        } else {
            // the lambda factory and the casts of an intersection cast between it and the call
            for (AbstractInsnNode at = factory.getNext(); at != anchor; ) {
                AbstractInsnNode next = at.getNext();
                if (at.getOpcode() == Opcodes.CHECKCAST) {
                    code.remove(at);
                }
                at = next;
            }
            code.remove(factory);
        }
        code.insertBefore(anchor, registration);
        code.remove(anchor);
    }

    @Override
    public String toString() {
        return kind.apiName() + "(" + shape.describe() + ")" + (line > 0 ? " at line " + line : "");
    }
}
