package io.jdefer.migrate;

/** The shape of a cleanup site, as the report names it. */
enum Form {
    /** {@code x.lock(); try { ... } finally { x.unlock(); }}: becomes {@code defer(x::unlock)}. */
    LOCK_FINALLY("lock-finally"),
    /** {@code finally} of other calls: becomes {@code defer(() -> ...)}. */
    FINALLY_CALLS("finally-calls"),
    /** {@code try (T r = e) { ... }}: becomes {@code @Defer T r = e;}. */
    TRY_WITH_RESOURCES("try-with-resources"),
    /** {@code catch (Throwable t) { cleanup(); throw t; }}: becomes {@code deferOnError(() -> cleanup())}. */
    CATCH_RETHROW("catch-rethrow");

    final String id;

    Form(String id) {
        this.id = id;
    }
}
