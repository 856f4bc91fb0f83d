package io.jdefer;

/**
 * Go's {@code defer} for Java. Use in a {@link Deferred} method, constructor or lambda:
 *
 * <pre>{@code
 * import static io.jdefer.Defers.*;
 *
 * @Deferred
 * void transfer(Account from, Account to, long amount) throws SQLException {
 *     mu.lock();
 *     defer(mu::unlock);
 *     Tx tx = db.begin();
 *     deferOnSuccess(tx::commit);
 *     deferOnError(tx::rollback);
 *     from.withdraw(tx, amount);
 *     to.deposit(tx, amount);
 * }
 * }</pre>
 *
 * <p>The jdefer annotation processor replaces every call of these methods at compile time; the
 * bodies below only run when that did not happen, and then fail loudly (SPEC S11), so cleanup is
 * never skipped silently.
 *
 * <h2>Semantics (SPEC section 3)</h2>
 * <ul>
 *   <li>Registration does not run the action. A method reference's receiver is evaluated and
 *       null-checked at the call; a lambda captures its variables at the call (S1).
 *   <li>When the invocation exits, by {@code return} or by any {@code Throwable}, every registered
 *       action runs exactly once, last registered first, loop iterations included; a user's own
 *       {@code finally} runs before them (S2).
 *   <li>While they run there is a pending throwable: the exception leaving the method, or none. An
 *       action that throws becomes the pending one, or is added to it as suppressed; the remaining
 *       actions still run; at the end the pending throwable, if any, is thrown (S4, S6).
 * </ul>
 */
public final class Defers {
    private Defers() {}

    /**
     * Registers {@code action} to run when the current invocation exits, in LIFO order with the
     * other registered actions (SPEC S1, S2).
     *
     * @param action a lambda or method reference (no object is created for it after rewriting), or
     *     an existing {@link Action}
     * @param <X> the checked exception the action may throw: the enclosing method must declare or
     *     catch it, as if the action's body stood here (S7)
     * @throws X never after rewriting; declared so the compiler checks the action's exceptions
     * @throws IllegalStateException when the calling code was not rewritten by jdefer-processor
     *     (S11)
     */
    public static <X extends Throwable> void defer(Action<X> action) throws X {
        throw notRewritten("defer");
    }

    /**
     * Like {@link #defer(Action)}, but at its turn the action runs only if an exception is pending
     * (SPEC S3): the exception leaving the method, or one thrown by an action that ran before it.
     * Zig's {@code errdefer}; e.g. {@code deferOnError(tx::rollback)}.
     *
     * @param action the action
     * @param <X> the checked exception the action may throw (S7)
     * @throws X never after rewriting
     * @throws IllegalStateException when the calling code was not rewritten (S11)
     */
    public static <X extends Throwable> void deferOnError(Action<X> action) throws X {
        throw notRewritten("deferOnError");
    }

    /**
     * Like {@link #defer(Action)}, but at its turn the action runs only if no exception is pending
     * (SPEC S3); e.g. {@code deferOnSuccess(tx::commit)}.
     *
     * @param action the action
     * @param <X> the checked exception the action may throw (S7)
     * @throws X never after rewriting
     * @throws IllegalStateException when the calling code was not rewritten (S11)
     */
    public static <X extends Throwable> void deferOnSuccess(Action<X> action) throws X {
        throw notRewritten("deferOnSuccess");
    }

    /**
     * Stops the pending exception, Go's {@code recover()} (SPEC S5, S6).
     *
     * <p>Called directly in the body of a running deferred action (its lambda body, or the body of
     * a {@code @Deferred}-scope method that is the action's method-reference target), returns the
     * pending throwable and clears it: the method then completes normally, returning the default
     * value of its return type ({@code 0}, {@code false}, {@code null}...). Everywhere else, when
     * nothing is pending, and on a second call, returns {@code null}.
     *
     * <pre>{@code
     * defer(() -> {
     *     Throwable t = recover();
     *     if (t != null) log.warn("request failed", t);
     * });
     * }</pre>
     *
     * @return the recovered throwable, or {@code null}
     */
    public static Throwable recover() {
        return null;
    }

    /**
     * The S11 failure: names the calling class and method, then every known way code reaches run
     * time unrewritten, each with its fix (SPEC S11; docs/setup.md has one section per setup).
     */
    private static IllegalStateException notRewritten(String method) {
        String caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(frames -> frames.skip(2).findFirst())
                .map(f -> f.getClassName() + "." + f.getMethodName())
                .orElse("<unknown>");
        return new IllegalStateException(notRewrittenMessage(caller, method));
    }

    private static String notRewrittenMessage(String caller, String method) {
        return "jdefer: " + caller + " called Defers." + method + "(...) but was not rewritten, so its deferred action"
                + " would never run. Known causes, each with its fix:"
                + " (1) jdefer-processor did not run: put io.jdefer:jdefer-processor on the annotation processor path"
                + " (Maven: maven-compiler-plugin <annotationProcessorPaths>; Gradle: annotationProcessor), do not"
                + " compile with -proc:none, and annotate the method with @Deferred;"
                + " (2) JDK 23 or later with jdefer-processor on the plain classpath: javac no longer runs processors"
                + " found there; use the processor path (-processorpath) or -proc:full;"
                + " (3) another compiler (ECJ: Eclipse, VS Code): rewrite its output afterwards with"
                + " java -jar jdefer-processor.jar <classes dir | jar>..., or run with -javaagent:jdefer-processor.jar;"
                + " (4) the source launcher (java Foo.java) or jshell, which run no processor: run with"
                + " -javaagent:jdefer-processor.jar."
                + " Setup for each build tool and IDE: docs/setup.md.";
    }
}
