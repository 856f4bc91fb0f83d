package io.jdefer.dump;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;

/**
 * The normal path of a method (docs/dump.md, "Normal path"): the instructions that run in some
 * invocation that throws nothing. An instruction is on it when
 *
 * <ol>
 *   <li>it is reachable from the method's entry through normal control flow only: fall-through,
 *       jumps and switches, never the edge into an exception handler (a {@code catch}, a
 *       {@code finally}'s catch-all copy, jdefer's catch-all and its per-action merge handlers);
 *       and in jdefer's epilogue never the edge taken only while an exception is pending (into a
 *       {@code deferOnError} action, around a {@code deferOnSuccess} action);
 *   <li>and the invocation can still complete from it without throwing: some normal path from it
 *       reaches a {@code return}, or a loop. Code that can only end in {@code athrow} (building
 *       the exception of a {@code throw new ...}, the epilogue's rethrow) is exception path.
 * </ol>
 */
final class NormalPath {
    private NormalPath() {}

    /**
     * @param insns the real instructions, in order
     * @param pendingTests which of them test jdefer's pending throwable (its {@code JdeferLowering}
     *     regions {@code PENDING_TEST}: on the normal path nothing is pending)
     */
    static BitSet of(AbstractInsnNode[] insns, BitSet pendingTests) {
        int n = insns.length;
        Map<AbstractInsnNode, Integer> index = new IdentityHashMap<>();
        for (int i = 0; i < n; i++) {
            index.put(insns[i], i);
        }
        List<List<Integer>> successors = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            successors.add(successors(insns, i, index, pendingTests));
        }

        BitSet reached = new BitSet(n);
        Deque<Integer> work = new ArrayDeque<>();
        if (n > 0) {
            reached.set(0);
            work.push(0);
        }
        while (!work.isEmpty()) {
            for (int next : successors.get(work.pop())) {
                if (!reached.get(next)) {
                    reached.set(next);
                    work.push(next);
                }
            }
        }

        // Doomed: every normal successor is doomed, starting from athrow. A least fixpoint, so a
        // loop that has no way out but athrow is not doomed (it may run for ever).
        List<List<Integer>> predecessors = new ArrayList<>(n);
        int[] alive = new int[n];
        for (int i = 0; i < n; i++) {
            predecessors.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            for (int next : successors.get(i)) {
                predecessors.get(next).add(i);
            }
            alive[i] = successors.get(i).size();
        }
        BitSet doomed = new BitSet(n);
        for (int i = 0; i < n; i++) {
            if (insns[i].getOpcode() == Opcodes.ATHROW) {
                doomed.set(i);
                work.push(i);
            }
        }
        while (!work.isEmpty()) {
            for (int before : predecessors.get(work.pop())) {
                if (!doomed.get(before) && --alive[before] == 0) {
                    doomed.set(before);
                    work.push(before);
                }
            }
        }
        reached.andNot(doomed);
        return reached;
    }

    private static List<Integer> successors(AbstractInsnNode[] insns, int i, Map<AbstractInsnNode, Integer> index, BitSet pendingTests) {
        AbstractInsnNode insn = insns[i];
        int op = insn.getOpcode();
        List<Integer> out = new ArrayList<>(2);
        if ((op >= Opcodes.IRETURN && op <= Opcodes.RETURN) || op == Opcodes.ATHROW || op == Opcodes.RET) {
            return out;
        }
        if (insn instanceof JumpInsnNode) {
            boolean pendingTest = pendingTests.get(i);
            // A test of the pending throwable: "ifnull" skips what runs only with an exception
            // pending, "ifnonnull" skips what runs only without one.
            boolean jumpOnNormal = !(pendingTest && op == Opcodes.IFNONNULL);
            boolean fallOnNormal = !(pendingTest && op == Opcodes.IFNULL);
            if (jumpOnNormal) {
                out.add(target(((JumpInsnNode) insn).label, index));
            }
            if (op != Opcodes.GOTO && op != Opcodes.JSR && fallOnNormal && i + 1 < insns.length) {
                out.add(i + 1);
            }
            return out;
        }
        if (insn instanceof TableSwitchInsnNode) {
            TableSwitchInsnNode table = (TableSwitchInsnNode) insn;
            out.add(target(table.dflt, index));
            for (LabelNode label : table.labels) {
                out.add(target(label, index));
            }
            return out;
        }
        if (insn instanceof LookupSwitchInsnNode) {
            LookupSwitchInsnNode lookup = (LookupSwitchInsnNode) insn;
            out.add(target(lookup.dflt, index));
            for (LabelNode label : lookup.labels) {
                out.add(target(label, index));
            }
            return out;
        }
        if (i + 1 < insns.length) {
            out.add(i + 1);
        }
        return out;
    }

    /** The first real instruction at or after {@code label}. */
    private static int target(LabelNode label, Map<AbstractInsnNode, Integer> index) {
        AbstractInsnNode at = label;
        while (at != null && at.getOpcode() < 0) {
            at = at.getNext();
        }
        Integer i = at == null ? null : index.get(at);
        if (i == null) {
            throw new IllegalStateException("have a jump past the last instruction, want a target inside the code");
        }
        return i;
    }
}
