package io.jdefer.bench;

import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What every scenario acquires and releases, per benchmark thread: an uncontended
 * {@link ReentrantLock} (a CAS to lock, a CAS to unlock, as in a handler that takes a mutex) and
 * up to sixteen {@link Res}. The body, {@link #work()}, updates a field and returns a value the
 * benchmark returns, so JMH consumes it and nothing is dead code.
 *
 * <p>The tear-down checks that every invocation released what it acquired: a benchmark whose
 * cleanup did not run fails instead of printing a flattering number.
 */
@State(Scope.Thread)
public abstract class Fixture {
    public final ReentrantLock mu = new ReentrantLock();
    public final LockGuard guard = new LockGuard(mu);
    public final Res[] res = new Res[16];
    public long value = 1;

    protected Fixture() {
        for (int i = 0; i < res.length; i++) {
            res[i] = new Res();
        }
    }

    /** The body of the method under test: cheap, with a result and a side effect. */
    public final long work() {
        return value = value * 31 + 17;
    }

    /** Runs an {@code ArrayDeque<Runnable>} defer stack, last pushed first. */
    public static void runAll(ArrayDeque<Runnable> defers) {
        for (Runnable action; (action = defers.pollFirst()) != null; ) {
            action.run();
        }
    }

    @TearDown
    public void checkBalanced() {
        if (mu.isLocked()) {
            throw new IllegalStateException(getClass().getSimpleName() + ": lock still held after the run");
        }
        for (int i = 0; i < res.length; i++) {
            if (res[i].open != 0) {
                throw new IllegalStateException(getClass().getSimpleName() + ": res[" + i + "] opened "
                        + res[i].open + " more times than closed");
            }
        }
        checkScenario();
    }

    /** A scenario's own check, e.g. that the recover path really recovered. */
    protected void checkScenario() {}
}
