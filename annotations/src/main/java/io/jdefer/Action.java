package io.jdefer;

/**
 * A deferred action: the code that {@link Defers#defer(Action)} runs when the invocation exits.
 *
 * <p>Write it as a lambda or a method reference at the call site; the processor then calls its
 * body directly and no {@code Action} object is ever created. An existing {@code Action} object
 * can be deferred too: it is kept in a local and its {@link #run()} is called at exit.
 *
 * @param <X> the checked exception the action may throw; {@code defer} rethrows it at the call
 *     site for the compiler's checks (SPEC S7), exactly as if the body stood there
 */
@FunctionalInterface
public interface Action<X extends Throwable> {
    /**
     * Runs the action.
     *
     * @throws X when the action fails; the failure joins the pending exception (suppressed if one
     *     is already pending) and the remaining actions still run
     */
    void run() throws X;
}
