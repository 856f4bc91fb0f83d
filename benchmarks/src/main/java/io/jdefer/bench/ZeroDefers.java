package io.jdefer.bench;

import io.jdefer.Deferred;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * The article's "no defer (inline unlock)" row: lock, work, unlock with no cleanup guarantee.
 * {@code jdefer} is the same body in a {@code @Deferred} method: with no defer site the processor
 * leaves it alone (SPEC C5), so it must cost exactly what the plain method costs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ZeroDefers extends Fixture {
    @Benchmark
    public long handWritten() {
        mu.lock();
        long v = work();
        mu.unlock();
        return v;
    }

    @Benchmark
    @Deferred
    public long jdefer() {
        mu.lock();
        long v = work();
        mu.unlock();
        return v;
    }
}
