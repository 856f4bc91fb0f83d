package io.jdefer.bench;

import static io.jdefer.Defers.defer;
import static io.jdefer.Defers.recover;

import com.google.common.io.Closer;
import io.jdefer.Deferred;
import io.jdefer.Strategy;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * SPEC 7 "exception path with recover" and Go's panic/recover: the body always throws, a lock is
 * released, and the failure is counted and swallowed; the method returns 0.
 *
 * <p>The exception is one preallocated instance without a stack trace, so the figures are the
 * cost of the mechanism (handler dispatch, epilogue, recovery), not of filling a stack trace,
 * which costs the same in every variant and would hide the difference.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class Recover extends Fixture {
    /** Thrown by every invocation: preallocated, stackless, so no variant pays for a stack walk. */
    static final RuntimeException FAILURE = new RuntimeException("panic", null, false, false) {};

    long recovered;

    /** The body, failing: a side effect, then a throw. */
    long failingWork() {
        work();
        throw FAILURE;
    }

    @Benchmark
    public long handWritten() {
        try {
            mu.lock();
            try {
                return failingWork();
            } finally {
                mu.unlock();
            }
        } catch (Throwable t) {
            recovered++;
            return 0;
        }
    }

    @Benchmark
    @Deferred
    public long jdefer() {
        defer(() -> {
            if (recover() != null) {
                recovered++;
            }
        });
        mu.lock();
        defer(mu::unlock);
        return failingWork();
    }

    @Benchmark
    @Deferred(Strategy.FRAME)
    public long jdeferFrame() {
        defer(() -> {
            if (recover() != null) {
                recovered++;
            }
        });
        mu.lock();
        defer(mu::unlock);
        return failingWork();
    }

    @Benchmark
    public long arrayDeque() {
        ArrayDeque<Runnable> defers = new ArrayDeque<>();
        try {
            mu.lock();
            defers.push(mu::unlock);
            return failingWork();
        } catch (Throwable t) {
            recovered++;
            return 0;
        } finally {
            runAll(defers);
        }
    }

    @Benchmark
    public long guavaCloser() throws IOException {
        Closer closer = Closer.create();
        try {
            mu.lock();
            closer.register((Closeable) mu::unlock);
            return failingWork();
        } catch (Throwable t) {
            recovered++;
            return 0;
        } finally {
            closer.close();
        }
    }

    @Override
    protected void checkScenario() {
        if (recovered == 0) {
            throw new IllegalStateException("Recover: no invocation recovered");
        }
    }
}
