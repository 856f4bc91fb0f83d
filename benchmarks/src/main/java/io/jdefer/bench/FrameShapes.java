package io.jdefer.bench;

import static io.jdefer.Defers.defer;

import io.jdefer.Deferred;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * SPEC 7 row 2, every frame shape against the cleanup array a careful programmer writes for it
 * (issue 13): each {@code shape_jdefer} reads against {@code shape_handWritten} of the same run.
 * The hand-written arrays belong to the state and are reused (allocation-free, not re-entrant).
 *
 * <ul>
 *   <li>{@code compact}: one loop site capturing one reference (compact entries);
 *   <li>{@code lockLoop}: a static site (the lock) beside a loop site (per item): the most common
 *       shape in real code;
 *   <li>{@code longInt}: one loop site capturing a {@code long} and an {@code int};
 *   <li>{@code twoSites}: two sites in the loop body;
 *   <li>{@code thisAndLocal}: a lambda capturing {@code this} and a local;
 *   <li>{@code nested}: a site in nested loops (n × 2 entries);
 *   <li>{@code doubles}: one loop site capturing a {@code double};
 *   <li>{@code compactAfterGrowth_jdefer}: {@code compact_jdefer} once a call has borrowed (the
 *       trial's setup calls it with 64 entries), so its prologue borrows at every n (D24); it reads
 *       against {@code compact_handWritten}.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FrameShapes extends Fixture {
    @Param({"1", "4", "16", "64"})
    public int n;

    private final Res[] items = new Res[128];
    private final Res[] refs = new Res[128];
    private final long[] longs = new long[128];
    private final int[] ints = new int[128];
    private final double[] doubles = new double[128];
    public long sum;
    public double dsum;

    public FrameShapes() {
        for (int i = 0; i < items.length; i++) {
            items[i] = new Res();
        }
    }

    void record(long t, int i) {
        sum += t ^ i;
    }

    void recordDouble(double d) {
        dsum += d;
    }

    void release(int k) {
        sum += k;
    }

    @Override
    protected void checkScenario() {
        for (Res r : items) {
            if (r.open != 0) {
                throw new IllegalStateException("FrameShapes: an item left open");
            }
        }
    }

    // compact ---------------------------------------------------------------------------------

    @Benchmark
    public long compact_handWritten() {
        Res[] opened = refs;
        int k = 0;
        try {
            for (int i = 0; i < n; i++) {
                opened[k++] = items[i].open();
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
    public long compact_jdefer() {
        for (int i = 0; i < n; i++) {
            Res r = items[i].open();
            defer(r::close);
        }
        return work();
    }

    @Benchmark
    @Deferred
    public long compactAfterGrowth_jdefer() {
        for (int i = 0; i < n; i++) {
            Res r = items[i].open();
            defer(r::close);
        }
        return work();
    }

    @Setup(Level.Trial)
    public void growOnce() {
        int asked = n;
        n = 64;
        compactAfterGrowth_jdefer();
        n = asked;
    }

    // lockLoop --------------------------------------------------------------------------------

    @Benchmark
    public long lockLoop_handWritten() {
        mu.lock();
        try {
            Res[] opened = refs;
            int k = 0;
            try {
                for (int i = 0; i < n; i++) {
                    opened[k++] = items[i].open();
                }
                return work();
            } finally {
                while (k > 0) {
                    Res r = opened[--k];
                    opened[k] = null;
                    r.close();
                }
            }
        } finally {
            mu.unlock();
        }
    }

    @Benchmark
    @Deferred
    public long lockLoop_jdefer() {
        mu.lock();
        defer(mu::unlock);
        for (int i = 0; i < n; i++) {
            Res r = items[i].open();
            defer(r::close);
        }
        return work();
    }

    // longInt ---------------------------------------------------------------------------------

    @Benchmark
    public long longInt_handWritten() {
        long[] ts = longs;
        int[] is = ints;
        int k = 0;
        try {
            for (int i = 0; i < n; i++) {
                ts[k] = value + i;
                is[k++] = i;
            }
            return work();
        } finally {
            while (k > 0) {
                k--;
                record(ts[k], is[k]);
            }
        }
    }

    @Benchmark
    @Deferred
    public long longInt_jdefer() {
        for (int i = 0; i < n; i++) {
            long t = value + i;
            int j = i;
            defer(() -> record(t, j));
        }
        return work();
    }

    // twoSites --------------------------------------------------------------------------------

    @Benchmark
    public long twoSites_handWritten() {
        Res[] opened = refs;
        int k = 0;
        try {
            for (int i = 0; i < n; i++) {
                opened[k++] = items[i].open();
                opened[k++] = items[i + 64].open();
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
    public long twoSites_jdefer() {
        for (int i = 0; i < n; i++) {
            Res r = items[i].open();
            defer(r::close);
            Res s = items[i + 64].open();
            defer(s::close);
        }
        return work();
    }

    // thisAndLocal ----------------------------------------------------------------------------

    @Benchmark
    public long thisAndLocal_handWritten() {
        int[] ks = ints;
        int k = 0;
        try {
            for (int i = 0; i < n; i++) {
                ks[k++] = i;
            }
            return work();
        } finally {
            while (k > 0) {
                release(ks[--k]);
            }
        }
    }

    @Benchmark
    @Deferred
    public long thisAndLocal_jdefer() {
        for (int i = 0; i < n; i++) {
            int k = i;
            defer(() -> release(k));
        }
        return work();
    }

    // nested ----------------------------------------------------------------------------------

    @Benchmark
    public long nested_handWritten() {
        Res[] opened = refs;
        int k = 0;
        try {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < 2; j++) {
                    opened[k++] = items[i + 64 * j].open();
                }
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
    public long nested_jdefer() {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 2; j++) {
                Res r = items[i + 64 * j].open();
                defer(r::close);
            }
        }
        return work();
    }

    // doubles ---------------------------------------------------------------------------------

    @Benchmark
    public long doubles_handWritten() {
        double[] ds = doubles;
        int k = 0;
        try {
            for (int i = 0; i < n; i++) {
                ds[k++] = i * 0.5;
            }
            return work();
        } finally {
            while (k > 0) {
                recordDouble(ds[--k]);
            }
        }
    }

    @Benchmark
    @Deferred
    public long doubles_jdefer() {
        for (int i = 0; i < n; i++) {
            double d = i * 0.5;
            defer(() -> recordDouble(d));
        }
        return work();
    }
}
