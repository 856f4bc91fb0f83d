package io.jdefer.plan;

import java.util.List;

/**
 * One registration of a method, as the planner read it from the class file (SPEC C2-C4, S5).
 *
 * @param id its index in the method's registration order: stable for the same class file
 * @param kind what it registers
 * @param anchor the index, in the method's original instruction list, of the instruction it
 *     replaces: the {@code Defers} call, or the store of a {@code @Defer} local (whose
 *     registration goes right before it)
 * @param factory the index of the {@code invokedynamic} removed with it, or {@code -1}
 * @param line the source line of the anchor, or {@code -1} without line numbers
 * @param action what runs at exit
 * @param captures the descriptors of the values kept from registration to exit
 * @param dynamic whether it is on a cycle of the control-flow graph (C2)
 * @param recover its part in the {@code recover()} hand-off
 */
public record SitePlan(int id, SiteKind kind, int anchor, int factory, int line, ActionPlan action, List<String> captures,
                       boolean dynamic, Recover recover) {
    /** A site's part in the {@code recover()} hand-off (S5, D3). */
    public enum Recover {
        /** None: its action cannot claim the pending throwable. */
        NONE,
        /** On the error path the epilogue offers the pending throwable to its method by name. */
        OFFERS,
        /** Its lambda body takes the pending throwable as a parameter and returns what is left. */
        PASSES_PENDING
    }

    public SitePlan {
        captures = List.copyOf(captures);
        if (anchor < 0 || id < 0) {
            throw new IllegalStateException("have site " + id + " at instruction " + anchor + ", want both >= 0");
        }
        if ((factory >= 0) != (action.kind() == ActionPlan.Kind.LAMBDA_BODY || action.kind() == ActionPlan.Kind.METHOD_REFERENCE)) {
            throw new IllegalStateException("have a factory at " + factory + " for " + action + ", want one exactly for a direct call");
        }
        if ((kind == SiteKind.DEFER_LOCAL) != (action.kind() == ActionPlan.Kind.DEFER_LOCAL)) {
            throw new IllegalStateException("have a " + kind + " site with action " + action + ", want @Defer actions on @Defer sites");
        }
        if (recover == Recover.PASSES_PENDING && action.kind() != ActionPlan.Kind.LAMBDA_BODY) {
            throw new IllegalStateException("have " + action + " passing P, want only lambda bodies to take P as a parameter");
        }
    }

    @Override
    public String toString() {
        return "#" + id + " " + kind.apiName() + (line > 0 ? " line " + line : "") + " @" + anchor + (dynamic ? " dynamic" : "")
                + " -> " + action + (captures.isEmpty() ? "" : " captures " + String.join(" ", captures))
                + (recover == Recover.NONE ? "" : " recover " + recover.name().toLowerCase().replace('_', '-'));
    }
}
