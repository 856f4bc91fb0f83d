package io.jdefer.rewrite;

/**
 * Something the rewriter could not do, for the processor to report at the right tree.
 * {@code method} is the JVM method as {@code name+descriptor}; {@code sourceMethod} the method whose source holds it (for a
 * lambda body, the method or constructor that creates it, found by its {@code invokedynamic}).
 */
public record Problem(Kind kind, String method, int line, String detail, String sourceMethod, boolean inLambda) {
    public Problem(Kind kind, String method, int line, String detail) {
        this(kind, method, line, detail, method, false);
    }

    /** The same problem, placed in the source method that holds {@code method}. */
    public Problem in(String sourceMethod, boolean inLambda) {
        return new Problem(kind, method, line, detail, sourceMethod, inLambda);
    }

    public enum Kind {
        /** {@code @Deferred(INLINE)} with a site on a cycle (SPEC C1, C2). */
        INLINE_DYNAMIC_SITE,
        /** A {@code @Defer} local whose store could not be found in the bytecode. */
        DEFER_LOCAL_NOT_FOUND,
        /** The rewritten method would pass the JVM's 64 KB code limit. */
        METHOD_TOO_LARGE,
        /** The rewritten method would need more than the JVM's 65,535 local slots. */
        TOO_MANY_LOCALS,
        /** The rewritten method would need an operand stack deeper than the JVM's 65,535 values. */
        OPERAND_STACK_TOO_DEEP,
        /** The rewritten class would need more than the JVM's 65,535 constant pool entries. */
        CONSTANT_POOL_FULL,
        /** Anything else: a bug, reported as an error naming the method, never a compiler crash. */
        INTERNAL
    }
}
