package io.jdefer.bench;

import static io.jdefer.Defers.defer;

import io.jdefer.Deferred;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * SPEC 7 bytecode-size row: one lock, four {@code return}s taken in turn. javac copies the
 * {@code finally} block onto every exit; jdefer jumps to one epilogue.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FourReturns extends Fixture {
    int turn;

    @Benchmark
    public long handWritten() {
        int k = turn++ & 3;
        mu.lock();
        try {
            if (k == 0) {
                return work();
            }
            if (k == 1) {
                return work() + 1;
            }
            if (k == 2) {
                return work() ^ 2;
            }
            return -work();
        } finally {
            mu.unlock();
        }
    }

    @Benchmark
    @Deferred
    public long jdefer() {
        int k = turn++ & 3;
        mu.lock();
        defer(mu::unlock);
        if (k == 0) {
            return work();
        }
        if (k == 1) {
            return work() + 1;
        }
        if (k == 2) {
            return work() ^ 2;
        }
        return -work();
    }

    @Benchmark
    public long tryWithResources() {
        int k = turn++ & 3;
        try (LockGuard g = guard.lock()) {
            if (k == 0) {
                return work();
            }
            if (k == 1) {
                return work() + 1;
            }
            if (k == 2) {
                return work() ^ 2;
            }
            return -work();
        }
    }
}
