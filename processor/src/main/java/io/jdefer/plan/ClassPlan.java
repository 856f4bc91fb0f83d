package io.jdefer.plan;

import java.util.List;

/**
 * What jdefer does to one class file, decided from the class file alone (plus the class-wide
 * scope its source gives): the plan the emitters lower, {@code -Ajdefer.verbose} prints and the
 * {@code JdeferLowering} attribute records. Immutable and validated when built; its
 * {@code toString()} is stable for golden tests.
 *
 * @param internalName the class as the JVM names it
 * @param classStrategy the class-wide {@code @Deferred} strategy, or {@code null}
 * @param methods the methods that change, in class-file order
 * @param runtimeByInitializer whether the class's static initializer reads the runtime classes its
 *     handlers call, for every method (D25), rather than each rewritten method (D17)
 */
public record ClassPlan(String internalName, StrategyChoice classStrategy, List<MethodPlan> methods, boolean runtimeByInitializer) {
    public ClassPlan {
        methods = List.copyOf(methods);
    }

    public boolean isEmpty() {
        return methods.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("class ").append(internalName);
        if (classStrategy != null) {
            out.append(" (@Deferred ").append(classStrategy).append(')');
        }
        if (runtimeByInitializer) {
            out.append(", runtime read by the static initializer");
        }
        for (MethodPlan method : methods) {
            out.append("\n  ").append(method);
        }
        return out.toString();
    }
}
