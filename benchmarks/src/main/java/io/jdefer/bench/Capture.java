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

/**
 * The article's closure-capture theme: a deferred action that records a metric with values it
 * captured (a {@code String}, an {@code int}, a {@code long}, and {@code this}), against the same
 * action as a method reference on a reusable timer. Open-coded, the captures live in locals; in a
 * frame, in typed slots (primitives unboxed); in an {@code ArrayDeque} or a {@code Closer} each
 * call allocates the lambda object that holds them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class Capture extends Fixture {
    final Metrics metrics = new Metrics();
    final Metrics.Timer timer = new Metrics.Timer(metrics);
    String route = "/api/orders";
    int status = 200;
    long clock;

    @Benchmark
    public long handWritten() {
        String rt = route;
        int st = status;
        long start = clock++;
        try {
            return work();
        } finally {
            metrics.record(rt, st, start);
        }
    }

    @Benchmark
    @Deferred
    public long jdeferLambda() {
        String rt = route;
        int st = status;
        long start = clock++;
        defer(() -> metrics.record(rt, st, start));
        return work();
    }

    @Benchmark
    @Deferred
    public long jdeferMethodRef() {
        Metrics.Timer t = timer.start(route, status, clock++);
        defer(t::stop);
        return work();
    }

    @Benchmark
    @Deferred(Strategy.FRAME)
    public long jdeferFrameLambda() {
        String rt = route;
        int st = status;
        long start = clock++;
        defer(() -> metrics.record(rt, st, start));
        return work();
    }

    @Benchmark
    public long arrayDequeLambda() {
        ArrayDeque<Runnable> defers = new ArrayDeque<>();
        try {
            String rt = route;
            int st = status;
            long start = clock++;
            defers.push(() -> metrics.record(rt, st, start));
            return work();
        } finally {
            runAll(defers);
        }
    }

    @Benchmark
    public long guavaCloserLambda() throws IOException {
        Closer closer = Closer.create();
        try {
            String rt = route;
            int st = status;
            long start = clock++;
            closer.register((Closeable) () -> metrics.record(rt, st, start));
            return work();
        } catch (Throwable t) {
            throw closer.rethrow(t);
        } finally {
            closer.close();
        }
    }

    @Override
    protected void checkScenario() {
        if (metrics.count == 0) {
            throw new IllegalStateException("Capture: no metric was recorded");
        }
    }
}
