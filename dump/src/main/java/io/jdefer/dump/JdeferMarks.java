package io.jdefer.dump;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Marks each instruction of a rewritten method: first by the {@code JdeferLowering} region its pc
 * falls in, then, inside the regions, by what it does (mask bit operations, frame traffic, the
 * action call, the merge of a thrown exception). Also names jdefer's own locals, which have no
 * entry in the local variable table: {@code pending}, {@code result}, {@code mask0..},
 * {@code frame}, {@code capture}, {@code refs}/{@code prims}.
 *
 * <p>The patterns are those of the rewriter's emitters ({@code OpenCodedLowering},
 * {@code FrameLowering}, {@code MethodLowering}); the regions alone are authoritative for
 * "jdefer added this", the patterns only refine the label.
 */
final class JdeferMarks {
    static final String FRAME_POOL = "io/jdefer/runtime/FramePool";
    static final String DEFER_FRAME = "io/jdefer/runtime/DeferFrame";
    static final String DEFERRALS = "io/jdefer/runtime/Deferrals";
    static final String RECOVERY = "io/jdefer/runtime/Recovery";

    final Mark[] marks;
    /** jdefer's locals by slot. */
    final Map<Integer, String> localNames = new HashMap<>();
    /** The slot of the pending throwable (SPEC S4), or -1. */
    int pendingSlot = -1;

    private final AbstractInsnNode[] insns;
    private final int[] pcs;
    private final Lowering lowering;

    private JdeferMarks(AbstractInsnNode[] insns, int[] pcs, Lowering lowering) {
        this.insns = insns;
        this.pcs = pcs;
        this.lowering = lowering;
        this.marks = new Mark[insns.length];
    }

    static JdeferMarks of(AbstractInsnNode[] insns, int[] pcs, Lowering lowering) {
        JdeferMarks result = new JdeferMarks(insns, pcs, lowering);
        result.classify();
        return result;
    }

    private void classify() {
        Lowering.RegionKind[] regions = new Lowering.RegionKind[insns.length];
        for (int i = 0; i < insns.length; i++) {
            Lowering.Region region = lowering == null ? null : lowering.regionAt(pcs[i]);
            regions[i] = region == null ? null : region.kind();
        }
        nameLocals(regions);
        for (int i = 0; i < insns.length; i++) {
            marks[i] = regions[i] == null ? Mark.JAVAC : refine(i, regions[i]);
        }
        markMaskSequences(regions);
    }

    /** Names jdefer's locals: from the attribute's local table (version 2), else from the shapes that store them. */
    private void nameLocals(Lowering.RegionKind[] regions) {
        if (lowering != null && !lowering.locals().isEmpty()) {
            int mask = 0;
            for (Map.Entry<Integer, Lowering.LocalRole> local : lowering.locals().entrySet()) {
                Lowering.LocalRole role = local.getValue();
                localNames.put(local.getKey(), role == Lowering.LocalRole.MASK ? "mask" + mask++ : role.label());
                if (role == Lowering.LocalRole.PENDING && pendingSlot < 0) {
                    pendingSlot = local.getKey();
                }
            }
            return;
        }
        inferLocals(regions);
    }

    /** Version 1 attributes: finds jdefer's locals from the shapes that store them. */
    private void inferLocals(Lowering.RegionKind[] regions) {
        TreeSet<Integer> masks = new TreeSet<>();
        for (int i = 0; i < insns.length; i++) {
            if (regions[i] == null || !(insns[i] instanceof VarInsnNode) || !isStore(insns[i].getOpcode())) {
                continue;
            }
            int slot = ((VarInsnNode) insns[i]).var;
            AbstractInsnNode before = i > 0 ? insns[i - 1] : null;
            if (regions[i] == Lowering.RegionKind.PROLOGUE && pendingSlot < 0 && before != null
                    && before.getOpcode() == Opcodes.ACONST_NULL && insns[i].getOpcode() == Opcodes.ASTORE) {
                pendingSlot = slot; // the prologue starts: aconst_null; astore pending
                localNames.put(slot, "pending");
            } else if (regions[i] == Lowering.RegionKind.EXIT) {
                localNames.put(slot, "result");
            } else if (before != null && before.getOpcode() == Opcodes.IOR && regions[i] == Lowering.RegionKind.REGISTRATION) {
                masks.add(slot);
            } else if (isCall(before, FRAME_POOL, "ensure")) {
                localNames.put(slot, "frame");
            } else if (isCall(before, DEFER_FRAME, "popRefs")) {
                localNames.put(slot, "refs");
            } else if (isCall(before, DEFER_FRAME, "popPrims")) {
                localNames.put(slot, "prims");
            } else if (regions[i] == Lowering.RegionKind.REGISTRATION && !localNames.containsKey(slot)) {
                localNames.put(slot, "capture");
            }
        }
        int index = 0;
        for (int slot : masks) {
            localNames.put(slot, "mask" + index++);
        }
    }

    private Mark refine(int i, Lowering.RegionKind region) {
        if (region == Lowering.RegionKind.PROLOGUE) {
            return Mark.PROLOGUE; // the comment names the local each store initializes
        }
        AbstractInsnNode insn = insns[i];
        if (insn instanceof MethodInsnNode) {
            MethodInsnNode call = (MethodInsnNode) insn;
            if (call.owner.equals(FRAME_POOL) || call.owner.equals(DEFER_FRAME)) {
                return Mark.FRAME;
            }
            if (call.owner.equals(DEFERRALS) && call.name.equals("merge")) {
                return Mark.MERGE;
            }
            if (call.owner.equals(RECOVERY)) {
                return Mark.RECOVER; // the hand-off of the pending throwable to a method-reference action (S5)
            }
            if (region == Lowering.RegionKind.EPILOGUE) {
                return Mark.ACTION;
            }
        }
        if (insn.getOpcode() == Opcodes.NEW && region == Lowering.RegionKind.EPILOGUE) {
            return Mark.ACTION; // a constructor reference as the action
        }
        if (insn instanceof VarInsnNode) {
            String name = localNames.get(((VarInsnNode) insn).var);
            if ("frame".equals(name) || "refs".equals(name) || "prims".equals(name) || "temp".equals(name)
                    || "stack".equals(name) || "top".equals(name)) {
                return Mark.FRAME;
            }
            if (name != null && name.startsWith("mask")) {
                return Mark.MASK;
            }
        }
        if (isConstant(insn) && i + 1 < insns.length && isFrameCall(insns[i + 1])) {
            return Mark.FRAME; // the site id of pushSite, the counts of popRefs and popPrims
        }
        if (insn.getOpcode() == Opcodes.TABLESWITCH && i > 0 && isCall(insns[i - 1], DEFER_FRAME, "popSite")) {
            return Mark.FRAME; // dispatch on the popped site id
        }
        if (insn instanceof IincInsnNode && "top".equals(localNames.get(((IincInsnNode) insn).var))) {
            return Mark.FRAME; // the compact entries' stack top moving
        }
        if (isStackAccess(insn.getOpcode())) {
            return Mark.FRAME; // compact entries: the frame's stack read, written or measured in place
        }
        switch (region) {
            case PROLOGUE:
                return Mark.PROLOGUE;
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

    /** The array instructions jdefer emits only for compact frame entries (user code is never in a jdefer region). */
    private static boolean isStackAccess(int opcode) {
        return opcode == Opcodes.AALOAD || opcode == Opcodes.AASTORE || opcode == Opcodes.LALOAD
                || opcode == Opcodes.LASTORE || opcode == Opcodes.ARRAYLENGTH;
    }

    /** {@code iload mask; <bit>; ior|iand|ixor} (set, test, clear) and the store or test that follows it. */
    private void markMaskSequences(Lowering.RegionKind[] regions) {
        for (int i = 0; i + 2 < insns.length; i++) {
            if (regions[i] == null || regions[i] == Lowering.RegionKind.PROLOGUE || marks[i] != Mark.MASK
                    || insns[i].getOpcode() != Opcodes.ILOAD) {
                continue;
            }
            int op = insns[i + 2].getOpcode();
            if (isConstant(insns[i + 1]) && (op == Opcodes.IOR || op == Opcodes.IAND || op == Opcodes.IXOR)) {
                marks[i + 1] = Mark.MASK;
                marks[i + 2] = Mark.MASK;
                if (op == Opcodes.IAND && i + 3 < insns.length && insns[i + 3].getOpcode() == Opcodes.IFEQ) {
                    marks[i + 3] = Mark.MASK;
                }
            }
        }
    }

    private static boolean isStore(int opcode) {
        return opcode >= Opcodes.ISTORE && opcode <= Opcodes.ASTORE;
    }

    private static boolean isCall(AbstractInsnNode insn, String owner, String name) {
        return insn instanceof MethodInsnNode && ((MethodInsnNode) insn).owner.equals(owner) && ((MethodInsnNode) insn).name.equals(name);
    }

    private static boolean isFrameCall(AbstractInsnNode insn) {
        return insn instanceof MethodInsnNode && (((MethodInsnNode) insn).owner.equals(DEFER_FRAME)
                || ((MethodInsnNode) insn).owner.equals(FRAME_POOL));
    }

    private static boolean isConstant(AbstractInsnNode insn) {
        int op = insn.getOpcode();
        return (insn instanceof InsnNode && op >= Opcodes.ICONST_M1 && op <= Opcodes.ICONST_5)
                || (insn instanceof IntInsnNode && op != Opcodes.NEWARRAY)
                || (insn instanceof LdcInsnNode && ((LdcInsnNode) insn).cst instanceof Integer);
    }
}
