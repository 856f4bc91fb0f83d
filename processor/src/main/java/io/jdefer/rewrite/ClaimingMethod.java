package io.jdefer.rewrite;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * SPEC S5 for a {@code @Deferred}-scope method that calls {@code recover()} and may be an action's
 * method-reference target (or a lambda body that code other than a {@code defer} call also
 * creates, so that its signature must stay): it claims the pending throwable offered to it through
 * {@code io.jdefer.runtime.Recovery}, and settles what it leaves pending on every exit.
 *
 * <pre>
 *   mine = Recovery.claim("name", this or null, declaring class); claimed = mine != null
 *   recover()                        becomes   mine, and mine = null
 *   return / throw                   becomes   if (claimed) Recovery.settle(mine); return / throw
 * </pre>
 *
 * Called any other way, the claim finds nothing and {@code recover()} returns {@code null}.
 */
final class ClaimingMethod {
    private ClaimingMethod() {}

    static void apply(String owner, MethodNode method) {
        Type throwable = Type.getObjectType(JvmNames.THROWABLE);
        Locals locals = new Locals(method);
        LoweringMarks marks = LoweringMarks.of(method);
        int mine = marks.local(LoweringMarks.Role.CLAIMED, locals.add(throwable));
        int claimed = marks.local(LoweringMarks.Role.CLAIMED_FLAG, locals.add(Type.INT_TYPE));
        InsnList code = method.instructions;

        for (AbstractInsnNode insn : code.toArray()) {
            InsnList replacement = new InsnList();
            if (SiteLocator.isRecover(insn)) {
                // ... -> ..., mine   and mine = null
                replacement.add(Locals.load(throwable, mine));
                replacement.add(new InsnNode(Opcodes.ACONST_NULL));
                replacement.add(Locals.store(throwable, mine));
                marks.replace(code, insn, replacement, LoweringMarks.Region.RECOVER);
            } else if (Bytecode.isReturn(insn.getOpcode())) {
                emitSettle(replacement, mine, claimed);
                replacement.add(new InsnNode(insn.getOpcode()));
                marks.replace(code, insn, replacement, LoweringMarks.Region.RECOVER);
            }
        }
        // handler: ..., thrown -> settle, rethrow
        InsnList handler = new InsnList();
        emitSettle(handler, mine, claimed);
        handler.add(new InsnNode(Opcodes.ATHROW));
        marks.catchAll(method, handler, LoweringMarks.Region.RECOVER);

        InsnList prologue = new InsnList();
        LabelNode prologueStart = new LabelNode();
        LabelNode unclaimed = new LabelNode();
        LabelNode stored = new LabelNode();
        prologue.add(prologueStart);
        prologue.add(new LdcInsnNode(method.name));
        if ((method.access & Opcodes.ACC_STATIC) != 0) {
            prologue.add(new InsnNode(Opcodes.ACONST_NULL));
        } else {
            prologue.add(new VarInsnNode(Opcodes.ALOAD, 0));
        }
        prologue.add(new LdcInsnNode(Type.getObjectType(owner)));
        prologue.add(new MethodInsnNode(Opcodes.INVOKESTATIC, JvmNames.RECOVERY, "claim",
                "(Ljava/lang/String;Ljava/lang/Object;Ljava/lang/Class;)Ljava/lang/Throwable;", false));
        prologue.add(new InsnNode(Opcodes.DUP));
        prologue.add(Locals.store(throwable, mine));
        prologue.add(new JumpInsnNode(Opcodes.IFNULL, unclaimed));
        prologue.add(new InsnNode(Opcodes.ICONST_1));
        prologue.add(new JumpInsnNode(Opcodes.GOTO, stored));
        prologue.add(unclaimed);
        prologue.add(new InsnNode(Opcodes.ICONST_0));
        prologue.add(stored);
        prologue.add(Locals.store(Type.INT_TYPE, claimed));
        LabelNode prologueEnd = new LabelNode();
        prologue.add(prologueEnd);
        code.insert(prologue);
        marks.region(LoweringMarks.Region.RECOVER, prologueStart, prologueEnd);
    }

    /** {@code if (claimed) Recovery.settle(mine);} Stack: ... -> ... */
    private static void emitSettle(InsnList out, int mine, int claimed) {
        LabelNode skip = new LabelNode();
        out.add(Locals.load(Type.INT_TYPE, claimed));
        out.add(new JumpInsnNode(Opcodes.IFEQ, skip));
        out.add(Locals.load(Type.getObjectType(JvmNames.THROWABLE), mine));
        out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, JvmNames.RECOVERY, "settle", "(Ljava/lang/Throwable;)V", false));
        out.add(skip);
    }
}
