package io.jdefer.plan;

/**
 * A registration in the source: a {@code defer}, {@code deferOnError}, {@code deferOnSuccess} call
 * or a {@code @Defer} local. {@code id} is unique within its {@link SourcePlan} and lets the
 * processor find the tree again for a diagnostic; {@code loop} describes the innermost loop around
 * the site in its scope ({@code "for loop at line 12"}), or is {@code null}.
 */
public record DeferSite(int id, SiteKind kind, int line, String loop, DeferLocal local) {
    public DeferSite {
        if ((kind == SiteKind.DEFER_LOCAL) != (local != null)) {
            throw new IllegalStateException("have kind " + kind + " with local " + local + ", want a local exactly for DEFER_LOCAL");
        }
    }

    @Override
    public String toString() {
        return "#" + id + " " + (local != null ? local.toString() : kind.apiName() + " at line " + line)
                + (loop != null ? " in " + loop : "");
    }
}
