package io.jdefer.bench;

import static io.jdefer.Defers.defer;

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

/** SPEC 7 row 1 and the article's {@code defer mu.Unlock()}: one lock released on every exit. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OneDefer extends Fixture {
    @Benchmark
    public long handWritten() {
        mu.lock();
        try {
            return work();
        } finally {
            mu.unlock();
        }
    }

    @Benchmark
    @Deferred
    public long jdefer() {
        mu.lock();
        defer(mu::unlock);
        return work();
    }

    @Benchmark
    @Deferred(Strategy.FRAME)
    public long jdeferFrame() {
        mu.lock();
        defer(mu::unlock);
        return work();
    }

    @Benchmark
    public long tryWithResources() {
        try (LockGuard g = guard.lock()) {
            return work();
        }
    }

    @Benchmark
    public long arrayDeque() {
        ArrayDeque<Runnable> defers = new ArrayDeque<>();
        try {
            mu.lock();
            defers.push(mu::unlock);
            return work();
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
            return work();
        } catch (Throwable t) {
            throw closer.rethrow(t);
        } finally {
            closer.close();
        }
    }
}
