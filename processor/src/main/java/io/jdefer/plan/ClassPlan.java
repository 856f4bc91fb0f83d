package io.jdefer.plan;

import java.util.List;

/**
 * What ANALYZE learned about one class file's worth of source.
 *
 * @param internalName the class as the JVM names it ({@code com/acme/Outer$Inner})
 * @param classStrategy the strategy of the {@code @Deferred} that covers the whole class (the class
 *     itself, an enclosing class, or the method or lambda a local class sits in), or {@code null}
 *     when only some of its methods are annotated; a method's own annotation, kept in the class
 *     file, overrides it
 * @param scopes the scopes of this class that register actions, in source order
 */
public record ClassPlan(String internalName, StrategyChoice classStrategy, List<ScopePlan> scopes) {
    public ClassPlan {
        scopes = List.copyOf(scopes);
    }

    /** A plan for bytes that come without source facts (the dump tool, rewriter tests). */
    public static ClassPlan bytecodeOnly(String internalName, StrategyChoice classStrategy) {
        return new ClassPlan(internalName, classStrategy, List.of());
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
