package io.jdefer.rewrite;

import io.jdefer.plan.StrategyChoice;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Supplier;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.MethodNode;

/**
 * Chooses the lowering of one scope (SPEC C2). Each fallback from open-coding is a named gate with
 * its reason, the way Go's compiler turns open-coded defers off one {@code if} at a time.
 */
final class StrategyGate {
    private StrategyGate() {}

    /**
     * The decision; {@code orderedSites} are the sites in registration order (for open-coding),
     * {@code dynamicSites} those on a cycle.
     */
    record Decision(Strategy strategy, String reason, List<ActionSite> orderedSites, List<ActionSite> dynamicSites) {}

    /** The decision, whose reason the method's {@code JdeferLowering} attribute records. */
    static Decision decide(StrategyChoice requested, MethodNode method, List<ActionSite> sites) {
        Decision decision = gate(requested, method, sites);
        LoweringMarks.of(method).reason(decision.reason());
        return decision;
    }

    private static Decision gate(StrategyChoice requested, MethodNode method, List<ActionSite> sites) {
        InsnList code = method.instructions;
        List<ActionSite> dynamic = new ArrayList<>();
        if (!ControlFlow.mayHaveBackwardEdge(method)) {
            // No edge goes back: no cycle, and layout order is registration order.
            return requested == StrategyChoice.FRAME ? new Decision(Strategy.FRAME, "FRAME requested", sites, dynamic)
                    : new Decision(Strategy.OPEN_CODED, "", sites, dynamic);
        }
        ControlFlow flow = ControlFlow.of(method);
        if (flow.hasBackwardEdge()) {
            BitSet cyclic = flow.onCycle();
            for (ActionSite site : sites) {
                if (cyclic.get(code.indexOf(site.anchor))) {
                    dynamic.add(site);
                }
            }
        }
        if (requested == StrategyChoice.FRAME) {
            return new Decision(Strategy.FRAME, "FRAME requested", sites, dynamic);
        }
        if (!dynamic.isEmpty()) {
            // Gate: a site can run more than once per invocation, so a bit cannot hold it.
            return new Decision(Strategy.FRAME, "site in a loop", sites, dynamic);
        }
        List<ActionSite> ordered = flow.hasBackwardEdge() ? registrationOrder(flow, code, sites) : sites;
        return new Decision(Strategy.OPEN_CODED, "", ordered, dynamic);
    }

    /**
     * How a frame method's sites share out between the frame and open-coding (docs/frames.md): the
     * dynamic sites on the frame; the static sites open-coded, in two groups, each in registration
     * order. {@code before}: sites no dynamic site can precede, so every frame entry is newer and
     * they run after the frame is drained; {@code after}: sites that no dynamic site can follow,
     * so they are newer than every entry and run first. S2's LIFO order holds across the three.
     */
    record Split(List<ActionSite> before, List<ActionSite> dynamic, List<ActionSite> after) {}

    /**
     * The split of a frame method's sites, or {@code null} when every site stays on the frame (a
     * gate says why). {@code flows} gives the method's control-flow graph, built once for the planner.
     */
    static Split split(MethodNode method, List<ActionSite> sites, Supplier<ControlFlow> flows) {
        if (!ControlFlow.mayHaveBackwardEdge(method)) {
            return null; // Gate: no site is dynamic, so FRAME was asked for: the user wants them on the frame.
        }
        InsnList code = method.instructions;
        ControlFlow flow = flows.get();
        BitSet cyclic = flow.onCycle();
        List<ActionSite> dynamic = new ArrayList<>();
        List<ActionSite> statics = new ArrayList<>();
        for (ActionSite site : sites) {
            (cyclic.get(code.indexOf(site.anchor)) ? dynamic : statics).add(site);
        }
        if (dynamic.isEmpty() || statics.isEmpty()) {
            return null; // Gate: nothing to split (FRAME asked for static sites, or every site in a loop).
        }
        BitSet afterDynamic = new BitSet();
        BitSet dynamicAnchors = new BitSet();
        for (ActionSite site : dynamic) {
            afterDynamic.or(flow.reachableFrom(code.indexOf(site.anchor)));
            dynamicAnchors.set(code.indexOf(site.anchor));
        }
        List<ActionSite> before = new ArrayList<>();
        List<ActionSite> after = new ArrayList<>();
        for (ActionSite site : statics) {
            int at = code.indexOf(site.anchor);
            if (!afterDynamic.get(at)) {
                before.add(site);
            } else if (!flow.reachableFrom(at).intersects(dynamicAnchors)) {
                after.add(site);
            } else {
                return null; // Gate: a static site between dynamic ones (between two loops) has no place outside the frame.
            }
        }
        return new Split(registrationOrder(flow, code, before), dynamic, registrationOrder(flow, code, after));
    }

    /**
     * Static sites sorted so that a site reachable from another comes after it: their registration
     * order. javac lays acyclic code out forward, so this is layout order unless some jump goes
     * backward; then a topological sort fixes it.
     */
    private static List<ActionSite> registrationOrder(ControlFlow flow, InsnList code, List<ActionSite> sites) {
        int n = sites.size();
        boolean[][] before = new boolean[n][n];
        for (int i = 0; i < n; i++) {
            BitSet reach = flow.reachableFrom(code.indexOf(sites.get(i).anchor));
            for (int j = 0; j < n; j++) {
                before[i][j] = i != j && reach.get(code.indexOf(sites.get(j).anchor));
            }
        }
        List<ActionSite> ordered = new ArrayList<>(n);
        boolean[] placed = new boolean[n];
        while (ordered.size() < n) {
            for (int j = 0; j < n; j++) {
                if (placed[j]) {
                    continue;
                }
                boolean ready = true;
                for (int i = 0; i < n && ready; i++) {
                    ready = placed[i] || !before[i][j];
                }
                if (ready) {
                    placed[j] = true;
                    ordered.add(sites.get(j));
                    break;
                }
            }
        }
        return ordered;
    }
}
