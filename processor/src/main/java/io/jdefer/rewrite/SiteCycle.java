package io.jdefer.rewrite;

import io.jdefer.plan.SiteKind;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * D35: whether a method's frame sites register in one fixed cycle, so that an entry's site follows
 * from its position and needs no stored id. With {@code k} sites, the cycle holds when every path
 * of the method, as javac emitted it, registers them in one order, over and over: the site of
 * phase 0, then phase 1, ..., then phase {@code k - 1}, then phase 0 again (two {@code defer(r::close)}
 * in one loop body, nothing conditional between them). The entry at position {@code p} (0 the
 * oldest) was then registered by the site of phase {@code p % k}.
 *
 * <p>Decided from the class file alone, exactly: a forward pass over {@link ControlFlow} gives each
 * instruction the number of registrations before it, modulo {@code k}, and fails where two paths
 * bring different numbers, where a site is reached at two phases, where two sites share a phase
 * or one is never reached. A site whose registration may not happen fails too: a {@code @Defer}
 * local (it registers only when not {@code null}), and a site inside a try range of the method's
 * own, whose handler could be reached with the entry registered or not. Where it fails, entries
 * keep their stored ids (D34).
 */
final class SiteCycle {
    private SiteCycle() {}

    /**
     * Per site, in the order given, its phase; {@code null} when the sites do not register in one
     * cycle (or are fewer than two). {@code flows} gives the method's control-flow graph.
     */
    static int[] phases(MethodNode method, List<ActionSite> sites, Supplier<ControlFlow> flows) {
        int k = sites.size();
        if (k < 2) {
            return null;
        }
        InsnList code = method.instructions;
        int[] siteAt = new int[code.size()];
        Arrays.fill(siteAt, -1);
        for (int s = 0; s < k; s++) {
            ActionSite site = sites.get(s);
            int at = code.indexOf(site.anchor);
            if (site.kind == SiteKind.DEFER_LOCAL || inTryRange(method, at)) {
                return null;
            }
            siteAt[at] = s;
        }
        for (int i = 0; i < code.size(); i++) {
            int opcode = code.get(i).getOpcode();
            if (opcode == Opcodes.JSR || opcode == Opcodes.RET) {
                return null; // a subroutine's return goes where ControlFlow does not follow
            }
        }
        ControlFlow flow = flows.get();
        int[] before = new int[code.size()];
        Arrays.fill(before, -1);
        int[] phase = new int[k];
        Arrays.fill(phase, -1);
        ArrayDeque<Integer> work = new ArrayDeque<>();
        before[0] = 0;
        work.push(0);
        while (!work.isEmpty()) {
            int i = work.pop();
            int after = before[i];
            int s = siteAt[i];
            if (s >= 0) {
                if (phase[s] >= 0 && phase[s] != after) {
                    return null;
                }
                phase[s] = after;
                after = (after + 1) % k;
            }
            for (int next : flow.successors(i)) {
                if (before[next] < 0) {
                    before[next] = after;
                    work.push(next);
                } else if (before[next] != after) {
                    return null;
                }
            }
        }
        boolean[] taken = new boolean[k];
        for (int p : phase) {
            if (p < 0 || taken[p]) {
                return null;
            }
            taken[p] = true;
        }
        return phase;
    }

    private static boolean inTryRange(MethodNode method, int at) {
        InsnList code = method.instructions;
        for (TryCatchBlockNode block : method.tryCatchBlocks) {
            if (code.indexOf(block.start) <= at && at < code.indexOf(block.end)) {
                return true;
            }
        }
        return false;
    }
}
