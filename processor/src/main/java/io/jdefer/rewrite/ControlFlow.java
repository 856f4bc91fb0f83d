package io.jdefer.rewrite;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * The control-flow graph of a method as javac emitted it, over instruction indexes, with an edge
 * from every instruction of a try range to its handler. SPEC C2 defines a site as dynamic when it
 * lies on a cycle of this graph, which is what {@link #onCycle()} answers (Tarjan's strongly
 * connected components, iterative so that a huge method cannot overflow the stack).
 */
final class ControlFlow {
    private final List<int[]> successors;
    private final boolean hasBackwardEdge;

    private ControlFlow(List<int[]> successors, boolean hasBackwardEdge) {
        this.successors = successors;
        this.hasBackwardEdge = hasBackwardEdge;
    }

    static ControlFlow of(MethodNode method) {
        InsnList insns = method.instructions;
        int size = insns.size();
        List<List<Integer>> edges = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            edges.add(new ArrayList<>(2));
        }
        boolean backward = false;
        for (int i = 0; i < size; i++) {
            AbstractInsnNode insn = insns.get(i);
            List<Integer> out = edges.get(i);
            if (insn instanceof JumpInsnNode) {
                out.add(insns.indexOf(((JumpInsnNode) insn).label));
            } else if (insn instanceof TableSwitchInsnNode) {
                TableSwitchInsnNode table = (TableSwitchInsnNode) insn;
                out.add(insns.indexOf(table.dflt));
                for (LabelNode label : table.labels) {
                    out.add(insns.indexOf(label));
                }
            } else if (insn instanceof LookupSwitchInsnNode) {
                LookupSwitchInsnNode lookup = (LookupSwitchInsnNode) insn;
                out.add(insns.indexOf(lookup.dflt));
                for (LabelNode label : lookup.labels) {
                    out.add(insns.indexOf(label));
                }
            }
            if (fallsThrough(insn) && i + 1 < size) {
                out.add(i + 1);
            }
        }
        for (TryCatchBlockNode block : method.tryCatchBlocks) {
            int handler = insns.indexOf(block.handler);
            int end = insns.indexOf(block.end);
            for (int i = insns.indexOf(block.start); i < end; i++) {
                edges.get(i).add(handler);
            }
        }
        List<int[]> successors = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int[] out = edges.get(i).stream().mapToInt(Integer::intValue).toArray();
            for (int target : out) {
                backward |= target <= i;
            }
            successors.add(out);
        }
        return new ControlFlow(successors, backward);
    }

    /**
     * A cheap look before building the graph: whether any jump, switch or exception handler points
     * at or before where it comes from. False means the graph is acyclic in layout order.
     */
    static boolean mayHaveBackwardEdge(MethodNode method) {
        InsnList insns = method.instructions;
        for (TryCatchBlockNode block : method.tryCatchBlocks) {
            if (insns.indexOf(block.handler) <= insns.indexOf(block.end)) {
                return true;
            }
        }
        for (int i = 0; i < insns.size(); i++) {
            AbstractInsnNode insn = insns.get(i);
            if (insn instanceof JumpInsnNode && insns.indexOf(((JumpInsnNode) insn).label) <= i) {
                return true;
            }
            if (insn instanceof TableSwitchInsnNode || insn instanceof LookupSwitchInsnNode) {
                List<LabelNode> targets = new ArrayList<>(insn instanceof TableSwitchInsnNode
                        ? ((TableSwitchInsnNode) insn).labels : ((LookupSwitchInsnNode) insn).labels);
                targets.add(insn instanceof TableSwitchInsnNode ? ((TableSwitchInsnNode) insn).dflt : ((LookupSwitchInsnNode) insn).dflt);
                for (LabelNode target : targets) {
                    if (insns.indexOf(target) <= i) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Whether some edge goes back to an earlier instruction; without one, layout order is a topological order. */
    boolean hasBackwardEdge() {
        return hasBackwardEdge;
    }

    /** The instructions control goes to after instruction {@code i}: jump and switch targets, the next, and the handlers whose range holds it. */
    int[] successors(int i) {
        return successors.get(i);
    }

    /** The instructions reachable from {@code from}, itself included. */
    BitSet reachableFrom(int from) {
        return reachableAvoiding(from, -1);
    }

    /**
     * The instructions reachable from {@code from}, itself included, on paths that do not go on
     * through {@code avoid} ({@code avoid} itself is included when reached, its successors are not
     * followed from it); {@code -1} avoids nothing.
     */
    BitSet reachableAvoiding(int from, int avoid) {
        BitSet seen = new BitSet(successors.size());
        ArrayDeque<Integer> work = new ArrayDeque<>();
        seen.set(from);
        work.push(from);
        while (!work.isEmpty()) {
            int node = work.pop();
            if (node == avoid) {
                continue;
            }
            for (int next : successors.get(node)) {
                if (!seen.get(next)) {
                    seen.set(next);
                    work.push(next);
                }
            }
        }
        return seen;
    }

    private static boolean fallsThrough(AbstractInsnNode insn) {
        switch (insn.getOpcode()) {
            case Opcodes.GOTO:
            case Opcodes.TABLESWITCH:
            case Opcodes.LOOKUPSWITCH:
            case Opcodes.ATHROW:
            case Opcodes.RET:
            case Opcodes.IRETURN:
            case Opcodes.LRETURN:
            case Opcodes.FRETURN:
            case Opcodes.DRETURN:
            case Opcodes.ARETURN:
            case Opcodes.RETURN:
                return false;
            default:
                return true;
        }
    }

    /** The instructions that lie on a cycle: members of a strongly connected component with an internal edge. */
    BitSet onCycle() {
        int size = successors.size();
        int[] index = new int[size];
        int[] low = new int[size];
        int[] component = new int[size];
        java.util.Arrays.fill(index, -1);
        boolean[] onStack = new boolean[size];
        ArrayDeque<Integer> stack = new ArrayDeque<>();
        int[] nextEdge = new int[size];
        int counter = 0;
        int components = 0;
        ArrayDeque<Integer> work = new ArrayDeque<>();
        for (int root = 0; root < size; root++) {
            if (index[root] >= 0) {
                continue;
            }
            work.push(root);
            index[root] = low[root] = counter++;
            stack.push(root);
            onStack[root] = true;
            while (!work.isEmpty()) {
                int node = work.peek();
                int[] out = successors.get(node);
                if (nextEdge[node] < out.length) {
                    int next = out[nextEdge[node]++];
                    if (index[next] < 0) {
                        index[next] = low[next] = counter++;
                        stack.push(next);
                        onStack[next] = true;
                        work.push(next);
                    } else if (onStack[next]) {
                        low[node] = Math.min(low[node], index[next]);
                    }
                    continue;
                }
                work.pop();
                if (!work.isEmpty()) {
                    int parent = work.peek();
                    low[parent] = Math.min(low[parent], low[node]);
                }
                if (low[node] == index[node]) {
                    int member;
                    do {
                        member = stack.pop();
                        onStack[member] = false;
                        component[member] = components;
                    } while (member != node);
                    components++;
                }
            }
        }
        BitSet cyclic = new BitSet(size);
        for (int node = 0; node < size; node++) {
            for (int next : successors.get(node)) {
                if (component[next] == component[node]) {
                    cyclic.set(node);
                    cyclic.set(next);
                }
            }
        }
        return cyclic;
    }
}
