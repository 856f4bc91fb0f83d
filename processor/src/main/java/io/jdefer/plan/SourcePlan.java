package io.jdefer.plan;

import java.util.List;

/**
 * The source facts of one class file, what ANALYZE learned and a class file cannot hold: the
 * class-wide {@code @Deferred} scope it stands in (an enclosing class, or the method a local class
 * sits in), and the source sites, only to put the diagnostics of the planner at the right tree.
 * The planner decides nothing from the sites; without javac, {@link #bytecodeOnly} stands in.
 *
 * @param internalName the class as the JVM names it ({@code com/acme/Outer$Inner})
 * @param classStrategy the strategy of the {@code @Deferred} that covers the whole class (the class
 *     itself, an enclosing class, or the method or lambda a local class sits in), or {@code null}
 *     when only some of its methods are annotated; a method's own annotation, kept in the class
 *     file, overrides it
 * @param scopes the scopes of this class that register actions, in source order
 */
public record SourcePlan(String internalName, StrategyChoice classStrategy, List<ScopePlan> scopes) {
    public SourcePlan {
        scopes = List.copyOf(scopes);
    }

    /** A plan for bytes that come without source facts (the dump tool, rewriter tests). */
    public static SourcePlan bytecodeOnly(String internalName, StrategyChoice classStrategy) {
        return new SourcePlan(internalName, classStrategy, List.of());
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("class ").append(internalName);
        if (classStrategy != null) {
            out.append(" (@Deferred ").append(classStrategy).append(')');
        }
        for (ScopePlan scope : scopes) {
            out.append("\n  ").append(scope);
        }
        return out.toString();
    }
}
