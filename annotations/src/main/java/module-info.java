/**
 * The jdefer API: {@code @Deferred}, {@code defer(...)}, {@code deferOnError(...)},
 * {@code deferOnSuccess(...)}, {@code recover()}, {@code @Defer}. A module that uses jdefer
 * declares {@code requires io.jdefer;}. Rewritten code calls {@code io.jdefer.runtime}, so this
 * module requires it transitively: the user's module reads it without naming it.
 */
module io.jdefer {
    requires transitive io.jdefer.runtime;

    exports io.jdefer;
}
