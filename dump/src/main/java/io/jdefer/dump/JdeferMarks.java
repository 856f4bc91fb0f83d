package io.jdefer.dump;

import io.jdefer.plan.JdeferLowering;
import io.jdefer.plan.JdeferLowering.RegionKind;
import io.jdefer.plan.JdeferLowering.Role;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Marks each instruction of a rewritten method from its {@code JdeferLowering} attribute alone
 * (SPEC section 6: every mark comes from the serialized plan, not from instruction patterns): the
 * narrowest region its pc falls in says who wrote it and what for; inside an outer region, a load,
 * store or {@code iinc} of a local jdefer added is frame traffic or a mask operation by that
 * local's recorded role. An instruction in no region is the method's own, whatever it looks like:
 * a user's {@code Deferrals.merge} call or {@code iload; iconst_1; ior; istore} stays unmarked.
 * Also names jdefer's locals, which have no entry in the local variable table ({@code pending},
 * {@code result}, {@code mask0..}, {@code frame}, {@code capture}, ...).
 */
final class JdeferMarks {
    private static final Set<Role> FRAME_ROLES = EnumSet.of(Role.FRAME, Role.REFS, Role.PRIMS, Role.TEMP, Role.STACK, Role.TOP);

    final Mark[] marks;
    /** jdefer's locals by slot. */
    final Map<Integer, String> localNames = new HashMap<>();
    /** The instructions of the pending throwable's tests (regions {@code PENDING_TEST}), for {@link NormalPath}. */
    final BitSet pendingTests = new BitSet();

    private final Map<Integer, Role> roles = new HashMap<>();

    private JdeferMarks(int length) {
        this.marks = new Mark[length];
    }

    static JdeferMarks of(AbstractInsnNode[] insns, int[] pcs, JdeferLowering lowering) {
        JdeferMarks result = new JdeferMarks(insns.length);
        if (lowering != null) {
            int mask = 0;
            for (JdeferLowering.Local local : lowering.locals()) {
                if (result.roles.putIfAbsent(local.slot(), local.role()) == null) {
                    result.localNames.put(local.slot(), local.role() == Role.MASK ? "mask" + mask++ : local.role().label());
                }
            }
        }
        for (int i = 0; i < insns.length; i++) {
            JdeferLowering.Region region = lowering == null ? null : lowering.regionAt(pcs[i]);
            result.marks[i] = region == null ? Mark.JAVAC : result.mark(insns[i], region.kind());
            if (region != null && region.kind() == RegionKind.PENDING_TEST) {
                result.pendingTests.set(i);
            }
        }
        return result;
    }

    private Mark mark(AbstractInsnNode insn, RegionKind kind) {
        switch (kind) {
            case PROLOGUE:
                return Mark.PROLOGUE; // the comment names the local each store initializes
            case MASK:
                return Mark.MASK;
            case FRAME:
                return Mark.FRAME;
            case ACTION:
                return Mark.ACTION;
            case MERGE:
                return Mark.MERGE;
            case PENDING_TEST:
                return Mark.EPILOGUE;
            default:
                break;
        }
        Role role = roles.get(slot(insn));
        if (role != null && FRAME_ROLES.contains(role)) {
            return Mark.FRAME;
        }
        if (role == Role.MASK) {
            return Mark.MASK;
        }
        switch (kind) {
            case REGISTRATION:
                return Mark.REGISTRATION;
            case EXIT:
                return Mark.EXIT;
            case EPILOGUE:
                return Mark.EPILOGUE;
            default:
                return Mark.RECOVER;
        }
    }

    /** The local {@code insn} reads or writes, or -1. */
    private static int slot(AbstractInsnNode insn) {
        if (insn instanceof VarInsnNode) {
            return ((VarInsnNode) insn).var;
        }
        return insn instanceof IincInsnNode ? ((IincInsnNode) insn).var : -1;
    }
}
