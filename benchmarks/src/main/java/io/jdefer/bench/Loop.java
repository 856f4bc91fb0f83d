package io.jdefer.bench;

import static io.jdefer.Defers.defer;

import com.google.common.io.Closer;
import io.jdefer.Deferred;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;

/**
 * SPEC 7 rows 3 and 4, Go's heap-allocated defer: {@code n} resources opened in a loop, each
 * released on exit, last opened first. A defer in a loop is a dynamic site, so {@code @Deferred}
 * (AUTO) lowers the method with a pooled frame (SPEC C2, C4).
 *
 * <p>The hand-written baseline keeps what it opened in a cleanup array owned by the state and
 * reused: the best a careful programmer does, allocation-free (and not re-entrant).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class Loop extends Fixture {
    @Param({"1", "4", "16"})
    public int n;

    private final Res[] cleanup = new Res[16];

    @Benchmark
    public long handWritten() {
        Res[] opened = cleanup;
        int k = 0;
        try {
            for (int i = 0; i < n; i++) {
                opened[k++] = res[i].open();
            }
            return work();
        } finally {
            while (k > 0) {
                Res r = opened[--k];
                opened[k] = null;
                r.close();
            }
        }
    }

    @Benchmark
    @Deferred
    public long jdefer() {
        for (int i = 0; i < n; i++) {
            Res r = res[i].open();
            defer(r::close);
        }
        return work();
    }

    @Benchmark
    public long arrayDeque() {
        ArrayDeque<Runnable> defers = new ArrayDeque<>();
        try {
            for (int i = 0; i < n; i++) {
                Res r = res[i].open();
                defers.push(r::close);
            }
            return work();
        } finally {
            runAll(defers);
        }
    }

    @Benchmark
    public long guavaCloser() throws IOException {
        Closer closer = Closer.create();
        try {
            for (int i = 0; i < n; i++) {
                closer.register(res[i].open());
            }
            return work();
        } catch (Throwable t) {
            throw closer.rethrow(t);
        } finally {
            closer.close();
        }
    }
}
