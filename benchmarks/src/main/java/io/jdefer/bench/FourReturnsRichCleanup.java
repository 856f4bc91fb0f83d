package io.jdefer.bench;

import static io.jdefer.Defers.defer;

import io.jdefer.Deferred;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * SPEC 7 bytecode-size row with a cleanup that is more than one call: unlock, then record the
 * request's metric with its outcome. javac copies the whole {@code finally} block onto each of the
 * four exits and the exception path; jdefer keeps the lambda's body in its own method and calls it
 * once, from the epilogue.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FourReturnsRichCleanup extends Fixture {
    final Metrics metrics = new Metrics();
    String route = "/api/orders";
    int turn;
    long clock;
    long requests;

    @Benchmark
    public long handWritten() {
        int k = turn++ & 3;
        long start = clock++;
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
            metrics.record(route, k == 3 ? 500 : 200, start);
            requests++;
        }
    }

    @Benchmark
    @Deferred
    public long jdefer() {
        int k = turn++ & 3;
        long start = clock++;
        mu.lock();
        defer(() -> {
            mu.unlock();
            metrics.record(route, k == 3 ? 500 : 200, start);
            requests++;
        });
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

    @Override
    protected void checkScenario() {
        if (requests == 0 || metrics.count != requests) {
            throw new IllegalStateException("FourReturnsRichCleanup: " + requests + " requests, " + metrics.count + " metrics");
        }
    }
}
