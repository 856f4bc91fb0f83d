package io.jdefer.bench.anatomy;

import io.jdefer.bench.Fixture;
import io.jdefer.bench.Res;
import io.jdefer.runtime.DeferFrame;
import io.jdefer.runtime.FramePool;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The fixed cost of a frame at five to 24 entries (issue 13 item 1): {@code FrameShapes.compact}
 * costs 16 ns more at five entries than at four (where D32 keeps the entries in locals), where the
 * borrow measured alone ({@code PoolVariants}) is 3.6 ns. Each variant differs from the one
 * before it in one thing:
 * <ul>
 *   <li>{@code resArray}: {@code FrameShapes.compact_handWritten}, the state's {@code Res[]};
 *   <li>{@code objectArray}: the same on an {@code Object[]}, as a pooled frame's array must be;
 *   <li>{@code ownArrayBig}: the same with a room test before each store, never failing;
 *   <li>{@code borrowedBig}: the same loop on the array of a frame borrowed from
 *       {@code FramePool} before the loop (asked for 64 slots, so the room test never fails) and
 *       given back after the entries: D24's prologue borrow, nothing else of the lowering;
 *   <li>{@code borrowed}: the same with the frame's array asked for one slot, grown by the room
 *       test's slow path as the lowering grows it (on the first call only: the frame keeps it);
 *   <li>{@code heldFrameBig}: {@code borrowedBig} on a frame the state took once and keeps, so the
 *       method neither borrows nor gives back;
 *   <li>{@code acquireOnly}: {@code ownArrayBig} with a frame borrowed before the loop and given
 *       back after it, its array unused;
 *   <li>{@code loweredLike}: the lowering of {@code FrameShapes.compact_jdefer} written in Java:
 *       D24's flag, D32's four locals while no frame is held, the stand-in empty array.
 * </ul>
 * Each variant is written out in full, as in the other anatomy classes: a shared helper would be
 * inlined into each differently and change what is measured. Figures and reading:
 * docs/performance.md, "The four rows of the issue over five forks". Not part of run.sh's default
 * set; run with {@code java -jar target/benchmarks.jar FixedCostAnatomy}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FixedCostAnatomy extends Fixture {
    @Param({"5", "8", "16"})
    public int n;

    private final Res[] items = new Res[128];
    private final Object[] refs = new Object[128];
    private final Res[] resRefs = new Res[128];
    private static boolean grew;

    public FixedCostAnatomy() {
        for (int i = 0; i < items.length; i++) {
            items[i] = new Res();
        }
    }

    @Benchmark
    public long resArray() {
        Res[] opened = resRefs;
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
    public long objectArray() {
        Object[] opened = refs;
        int k = 0;
        try {
            for (int i = 0; i < n; i++) {
                opened[k++] = items[i].open();
            }
            return work();
        } finally {
            while (k > 0) {
                Res r = (Res) opened[--k];
                opened[k] = null;
                r.close();
            }
        }
    }

    @Benchmark
    public long borrowed() {
        DeferFrame frame = FramePool.acquire();
        Object[] opened = frame.refStack(1);
        int k = 0;
        try {
            for (int i = 0; i < n; i++) {
                Res r = items[i].open();
                if (k >= opened.length) {
                    opened = frame.refStack(k + 1);
                }
                opened[k++] = r;
            }
            return work();
        } finally {
            while (k > 0) {
                Res r = (Res) opened[--k];
                opened[k] = null;
                r.close();
            }
            FramePool.release(frame);
        }
    }

    @Benchmark
    public long borrowedBig() {
        DeferFrame frame = FramePool.acquire();
        Object[] opened = frame.refStack(64);
        int k = 0;
        try {
            for (int i = 0; i < n; i++) {
                Res r = items[i].open();
                if (k >= opened.length) {
                    opened = frame.refStack(k + 1);
                }
                opened[k++] = r;
            }
            return work();
        } finally {
            while (k > 0) {
                Res r = (Res) opened[--k];
                opened[k] = null;
                r.close();
            }
            FramePool.release(frame);
        }
    }

    /**
     * The frame {@code heldFrameBig} keeps, taken in its trial only: a frame held by every trial
     * would send the other variants' borrows to the thread's spares instead of its primary frame
     * (as it did up to stop 28, see docs/performance.md).
     */
    private DeferFrame held;

    @Setup(Level.Trial)
    public void holdFrame(BenchmarkParams params) {
        if (params.getBenchmark().endsWith(".heldFrameBig")) {
            held = FramePool.acquire();
        }
    }

    @TearDown(Level.Trial)
    public void giveBackFrame() {
        if (held != null) {
            FramePool.release(held);
            held = null;
        }
    }

    @Benchmark
    public long heldFrameBig() {
        Object[] opened = held.refStack(64);
        int k = 0;
        try {
            for (int i = 0; i < n; i++) {
                Res r = items[i].open();
                if (k >= opened.length) {
                    opened = held.refStack(k + 1);
                }
                opened[k++] = r;
            }
            return work();
        } finally {
            while (k > 0) {
                Res r = (Res) opened[--k];
                opened[k] = null;
                r.close();
            }
        }
    }

    @Benchmark
    public long acquireOnly() {
        DeferFrame frame = FramePool.acquire();
        Object[] opened = refs;
        int k = 0;
        try {
            for (int i = 0; i < n; i++) {
                Res r = items[i].open();
                if (k >= opened.length) {
                    throw new IllegalStateException();
                }
                opened[k++] = r;
            }
            return work();
        } finally {
            while (k > 0) {
                Res r = (Res) opened[--k];
                opened[k] = null;
                r.close();
            }
            FramePool.release(frame);
        }
    }

    @Benchmark
    public long ownArrayBig() {
        Object[] opened = refs;
        int k = 0;
        try {
            for (int i = 0; i < n; i++) {
                Res r = items[i].open();
                if (k >= opened.length) {
                    throw new IllegalStateException();
                }
                opened[k++] = r;
            }
            return work();
        } finally {
            while (k > 0) {
                Res r = (Res) opened[--k];
                opened[k] = null;
                r.close();
            }
        }
    }

    @Benchmark
    public long loweredLike() {
        DeferFrame frame = null;
        Object[] opened = DeferFrame.NO_REFS;
        Res l0 = null;
        Res l1 = null;
        Res l2 = null;
        Res l3 = null;
        int k = 0;
        int c = 0;
        if (grew) {
            frame = FramePool.acquire();
            opened = frame.refStack(1);
        }
        try {
            for (int i = 0; i < n; i++) {
                Res r = items[i].open();
                if (k >= opened.length) {
                    if (frame == null) {
                        if (c < 4) {
                            l3 = l2;
                            l2 = l1;
                            l1 = l0;
                            l0 = r;
                            c++;
                            continue;
                        }
                        frame = FramePool.acquire();
                    }
                    opened = frame.refStack(k + 1);
                }
                opened[k++] = r;
            }
            return work();
        } finally {
            while (k > 0) {
                Res r = (Res) opened[--k];
                opened[k] = null;
                r.close();
            }
            while (c > 0) {
                c--;
                Res r = l0;
                l0 = l1;
                l1 = l2;
                l2 = l3;
                r.close();
            }
            if (frame != null) {
                if (!grew) {
                    grew = true;
                }
                FramePool.release(frame);
            }
        }
    }
}
