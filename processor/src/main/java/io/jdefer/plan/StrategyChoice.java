package io.jdefer.plan;

/** The strategy a {@code @Deferred} element asks for; mirrors {@code io.jdefer.Strategy} by name. */
public enum StrategyChoice {
    AUTO,
    INLINE,
    FRAME;

    /** Maps the simple name of an {@code io.jdefer.Strategy} constant. */
    public static StrategyChoice named(String name) {
        return valueOf(name);
    }
}
