package io.jdefer.bench;

import static io.jdefer.Defers.defer;

import io.jdefer.Deferred;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * Pooled frames against a fresh allocation per call (the article's {@code sync.Pool} theme):
 * four resources opened in a loop, as in {@link Loop} with n = 4. jdefer takes its frame from
 * {@code FramePool}; the hand-written variants keep their cleanup list in a reused array (the
 * baseline), in a fresh array per call, in a fresh linked record per registration (Go's heap
 * {@code _defer} record before open-coding), or in an array pooled through a {@code ThreadLocal}
 * (what a hand-written pool costs).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class Pool extends Fixture {
    static final int N = 4;

    private final Res[] cleanup = new Res[N];
    private static final ThreadLocal<Res[]> CLEANUPS = ThreadLocal.withInitial(() -> new Res[N]);

    /** One heap record per registration, linked to the previous: Go's {@code _defer} chain. */
    static final class Rec {
        final Res res;
        final Rec next;

        Rec(Res res, Rec next) {
            this.res = res;
            this.next = next;
        }
    }

    /** Defeats constant folding of the loop bound, as a real count would. */
    int n = N;

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
    public long jdeferPooledFrame() {
        for (int i = 0; i < n; i++) {
            Res r = res[i].open();
            defer(r::close);
        }
        return work();
    }

    @Benchmark
    public long freshArray() {
        Res[] opened = new Res[n];
        int k = 0;
        try {
            for (int i = 0; i < n; i++) {
                opened[k++] = res[i].open();
            }
            return work();
        } finally {
            while (k > 0) {
                opened[--k].close();
            }
        }
    }

    @Benchmark
    public long freshRecords() {
        Rec head = null;
        try {
            for (int i = 0; i < n; i++) {
                head = new Rec(res[i].open(), head);
            }
            return work();
        } finally {
            for (; head != null; head = head.next) {
                head.res.close();
            }
        }
    }

    @Benchmark
    public long threadLocalArray() {
        Res[] opened = CLEANUPS.get();
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
}
