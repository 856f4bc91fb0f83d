package io.jdefer.plan;

import java.util.List;

/**
 * One invocation scope with registrations: a method, a constructor or a lambda body. {@code name}
 * is the JVM name of a method ({@code <init>} for a constructor) or {@code lambda} for a lambda
 * body; {@code lines} spans its body, or is {@code null} when the source has no positions;
 * {@code strategy} comes from the nearest {@code @Deferred}. Sites are in source order.
 */
public record ScopePlan(ScopeKind kind, String name, LineSpan lines, StrategyChoice strategy, List<DeferSite> sites) {
    public ScopePlan {
        sites = List.copyOf(sites);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(kind.name().toLowerCase()).append(' ').append(name)
                .append(" (").append(lines).append(", ").append(strategy).append(')');
        for (DeferSite site : sites) {
            out.append("\n    ").append(site);
        }
        return out.toString();
    }
}
