package io.jdefer.runtime;

/** The pending-exception rule (SPEC S4), shared by every epilogue the processor emits. */
public final class Deferrals {
    /**
     * No pending throwable: what the prologue of every rewritten method reads to start its pending
     * throwable, so that this class is loaded and initialized on the normal path, before any handler
     * calls {@link #merge}. A class first loaded while a {@code StackOverflowError} unwinds can fail to
     * load for good (the class path drops the jar it was opening).
     */
    public static final Throwable NONE = null;

    private Deferrals() {}

    /**
     * Returns the pending throwable after an action threw {@code thrown}: {@code thrown} itself
     * when nothing was pending, otherwise {@code pending} with {@code thrown} added as suppressed
     * (unless they are the same object: a throwable cannot suppress itself).
     */
    public static Throwable merge(Throwable pending, Throwable thrown) {
        if (pending == null) {
            return thrown;
        }
        if (thrown != pending) {
            pending.addSuppressed(thrown);
        }
        return pending;
    }
}
