package io.jdefer.bench.anatomy;

import static io.jdefer.Defers.defer;

import io.jdefer.Deferred;
import io.jdefer.bench.Fixture;
import io.jdefer.bench.Res;
import io.jdefer.runtime.DeferFrame;
import io.jdefer.runtime.FramePool;
import io.jdefer.runtime.Recovery;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;

/**
 * Where the two-site loop's time goes against the hand-written cleanup array
 * ({@code FrameShapes.twoSites}: two resources opened per iteration, each close deferred), taken
 * apart by hand, one difference of the lowering at a time (docs/performance.md, issue 13):
 * <ul>
 *   <li>{@code typed}: {@code FrameShapes.twoSites_handWritten}: a state-owned {@code Res[]};
 *   <li>{@code object}: the same on an {@code Object[]} (a store checks the array's class, a
 *       load casts);
 *   <li>{@code objectIds}: the same with a site id per entry in a state-owned {@code int[]} and a
 *       {@code switch} on it at exit, one call of {@code close} per site (each site's call stays
 *       at its own line, C5), as D34 stores them;
 *   <li>{@code objectIdsBorrow}: {@code objectIds} plus a frame borrowed from {@code FramePool}
 *       and given back, its arrays not used: the pool's own cost;
 *   <li>{@code frameArrays}: {@code objectIds} on the borrowed frame's arrays, sized once;
 *   <li>{@code pooled}: the {@code Object[]} borrowed before the loop with its room test at each
 *       registration, and the {@code switch} on the entry's position ({@code k & 1}), as D35
 *       lowers two sites of one cycle;
 *   <li>{@code pooledIds}: both arrays borrowed, a room test per registration, as D34 lowered it
 *       once D24 borrows in the prologue;
 *   <li>{@code pooledIdsOffer}: the same with jdefer's epilogue per entry: the S5 offer of the
 *       pending throwable to the action, its result, and a handler per action (S4);
 *   <li>{@code mimic}: D34's lowering written out in Java: D24's borrow before the loop once a
 *       call has needed a frame, D32's four entries in locals while no frame is held;
 *   <li>{@code jdefer}: {@code FrameShapes.twoSites_jdefer}, as jdefer lowers it.
 * </ul>
 * Not part of run.sh's default set; run with {@code java -jar target/benchmarks.jar TwoSitesAnatomy}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TwoSitesAnatomy extends Fixture {
    @Param({"4", "16", "64"})
    public int n;

    private final Res[] items = new Res[128];
    private final Res[] typedRefs = new Res[128];
    private final Object[] refs = new Object[128];
    private final int[] ids = new int[128];

    public TwoSitesAnatomy() {
        for (int i = 0; i < items.length; i++) {
            items[i] = new Res();
        }
    }

    @Benchmark
    public long typed() {
        Res[] opened = typedRefs;
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
    public long object() {
        Object[] opened = refs;
        int k = 0;
        try {
            for (int i = 0; i < n; i++) {
                opened[k++] = items[i].open();
                opened[k++] = items[i + 64].open();
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
    public long objectIds() {
        Object[] opened = refs;
        int[] sites = ids;
        int k = 0;
        try {
            for (int i = 0; i < n; i++) {
                opened[k] = items[i].open();
                sites[k++] = 0;
                opened[k] = items[i + 64].open();
                sites[k++] = 1;
            }
            return work();
        } finally {
            while (k > 0) {
                Res r = (Res) opened[--k];
                opened[k] = null;
                switch (sites[k]) {
                    case 0:
                        r.close();
                        break;
                    case 1:
                        r.close();
                        break;
                    default:
                        break;
                }
            }
        }
    }

    @Benchmark
    public long objectIdsBorrow() {
        DeferFrame frame = FramePool.acquire();
        Object[] opened = refs;
        int[] sites = ids;
        int k = 0;
        try {
            for (int i = 0; i < n; i++) {
                opened[k] = items[i].open();
                sites[k++] = 0;
                opened[k] = items[i + 64].open();
                sites[k++] = 1;
            }
            return work();
        } finally {
            while (k > 0) {
                Res r = (Res) opened[--k];
                opened[k] = null;
                switch (sites[k]) {
                    case 0:
                        r.close();
                        break;
                    case 1:
                        r.close();
                        break;
                    default:
                        break;
                }
            }
            FramePool.release(frame);
        }
    }

    @Benchmark
    public long frameArrays() {
        DeferFrame frame = FramePool.acquire();
        Object[] opened = frame.refStack(256);
        int[] sites = frame.siteStack(256);
        int k = 0;
        try {
            for (int i = 0; i < n; i++) {
                opened[k] = items[i].open();
                sites[k++] = 0;
                opened[k] = items[i + 64].open();
                sites[k++] = 1;
            }
            return work();
        } finally {
            while (k > 0) {
                Res r = (Res) opened[--k];
                opened[k] = null;
                switch (sites[k]) {
                    case 0:
                        r.close();
                        break;
                    case 1:
                        r.close();
                        break;
                    default:
                        break;
                }
            }
            FramePool.release(frame);
        }
    }

    @Benchmark
    public long pooled() {
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
                Res s = items[i + 64].open();
                if (k >= opened.length) {
                    opened = frame.refStack(k + 1);
                }
                opened[k++] = s;
            }
            return work();
        } finally {
            while (k > 0) {
                Res r = (Res) opened[--k];
                opened[k] = null;
                switch (k & 1) {
                    case 0:
                        r.close();
                        break;
                    case 1:
                        r.close();
                        break;
                    default:
                        break;
                }
            }
            FramePool.release(frame);
        }
    }

    @Benchmark
    public long pooledIds() {
        DeferFrame frame = FramePool.acquire();
        Object[] opened = frame.refStack(1);
        int[] sites = frame.siteStack(1);
        int room = Math.min(opened.length, sites.length);
        int k = 0;
        try {
            for (int i = 0; i < n; i++) {
                Res r = items[i].open();
                if (k >= room) {
                    opened = frame.refStack(k + 1);
                    sites = frame.siteStack(k + 1);
                    room = Math.min(opened.length, sites.length);
                }
                opened[k] = r;
                sites[k++] = 0;
                Res s = items[i + 64].open();
                if (k >= room) {
                    opened = frame.refStack(k + 1);
                    sites = frame.siteStack(k + 1);
                    room = Math.min(opened.length, sites.length);
                }
                opened[k] = s;
                sites[k++] = 1;
            }
            return work();
        } finally {
            while (k > 0) {
                Res r = (Res) opened[--k];
                opened[k] = null;
                switch (sites[k]) {
                    case 0:
                        r.close();
                        break;
                    case 1:
                        r.close();
                        break;
                    default:
                        break;
                }
            }
            FramePool.release(frame);
        }
    }

    @Benchmark
    public long pooledIdsOffer() {
        DeferFrame frame = FramePool.acquire();
        Object[] opened = frame.refStack(1);
        int[] sites = frame.siteStack(1);
        int room = Math.min(opened.length, sites.length);
        int k = 0;
        Throwable pending = null;
        long result = 0;
        try {
            for (int i = 0; i < n; i++) {
                Res r = items[i].open();
                if (k >= room) {
                    opened = frame.refStack(k + 1);
                    sites = frame.siteStack(k + 1);
                    room = Math.min(opened.length, sites.length);
                }
                opened[k] = r;
                sites[k++] = 0;
                Res s = items[i + 64].open();
                if (k >= room) {
                    opened = frame.refStack(k + 1);
                    sites = frame.siteStack(k + 1);
                    room = Math.min(opened.length, sites.length);
                }
                opened[k] = s;
                sites[k++] = 1;
            }
            result = work();
        } catch (Throwable t) {
            pending = t;
        }
        while (k > 0) {
            Res r = (Res) opened[--k];
            opened[k] = null;
            switch (sites[k]) {
                case 0:
                    try {
                        Recovery.offer(pending, "close", r, null);
                        r.close();
                        pending = Recovery.result(pending);
                    } catch (Throwable t) {
                        pending = Recovery.finishThrown(pending, t);
                    }
                    break;
                case 1:
                    try {
                        Recovery.offer(pending, "close", r, null);
                        r.close();
                        pending = Recovery.result(pending);
                    } catch (Throwable t) {
                        pending = Recovery.finishThrown(pending, t);
                    }
                    break;
                default:
                    break;
            }
        }
        FramePool.release(frame);
        if (pending != null) {
            throw new IllegalStateException(pending);
        }
        return result;
    }

    private static boolean grew;

    /** Registers an entry of site {@code id} in locals while there is no frame, else on the frame (mimic). */
    @Benchmark
    public long mimic() {
        Throwable pending = null;
        long result = 0;
        DeferFrame frame = null;
        Object c0 = null, c1 = null, c2 = null, c3 = null;
        int s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        Object[] opened = DeferFrame.NO_REFS;
        int[] sites = DeferFrame.NO_SITES;
        int top = 0;
        int inLocals = 0;
        int room = 0;
        if (grew) {
            frame = FramePool.acquire();
            opened = frame.refStack(1);
            sites = frame.siteStack(1);
            room = Math.min(opened.length, sites.length);
        }
        Object temp;
        int id;
        try {
            for (int i = 0; i < n; i++) {
                Res r = items[i].open();
                temp = java.util.Objects.requireNonNull(r);
                while (true) {
                    if (top < room) {
                        opened[top] = temp;
                        sites[top] = 0;
                        top++;
                        break;
                    }
                    if (frame == null) {
                        if (inLocals < 4) {
                            c3 = c2; c2 = c1; c1 = c0; c0 = temp;
                            s3 = s2; s2 = s1; s1 = s0; s0 = 0;
                            inLocals++;
                            break;
                        }
                        frame = FramePool.acquire();
                    }
                    opened = frame.refStack(top + 1);
                    sites = frame.siteStack(top + 1);
                    room = Math.min(opened.length, sites.length);
                }
                Res s = items[i + 64].open();
                temp = java.util.Objects.requireNonNull(s);
                while (true) {
                    if (top < room) {
                        opened[top] = temp;
                        sites[top] = 1;
                        top++;
                        break;
                    }
                    if (frame == null) {
                        if (inLocals < 4) {
                            c3 = c2; c2 = c1; c1 = c0; c0 = temp;
                            s3 = s2; s2 = s1; s1 = s0; s0 = 1;
                            inLocals++;
                            break;
                        }
                        frame = FramePool.acquire();
                    }
                    opened = frame.refStack(top + 1);
                    sites = frame.siteStack(top + 1);
                    room = Math.min(opened.length, sites.length);
                }
            }
            result = work();
        } catch (Throwable t) {
            pending = t;
        }
        while (true) {
            if (top != 0) {
                top--;
                temp = (Res) opened[top];
                opened[top] = null;
                id = sites[top];
            } else if (inLocals != 0) {
                inLocals--;
                temp = c0; c0 = c1; c1 = c2; c2 = c3;
                id = s0; s0 = s1; s1 = s2; s2 = s3;
            } else {
                break;
            }
            switch (id) {
                case 0:
                    try {
                        Recovery.offer(pending, "close", temp, null);
                        ((Res) temp).close();
                        pending = Recovery.result(pending);
                    } catch (Throwable t) {
                        pending = Recovery.finishThrown(pending, t);
                    }
                    break;
                case 1:
                    try {
                        Recovery.offer(pending, "close", temp, null);
                        ((Res) temp).close();
                        pending = Recovery.result(pending);
                    } catch (Throwable t) {
                        pending = Recovery.finishThrown(pending, t);
                    }
                    break;
                default:
                    break;
            }
        }
        if (frame != null) {
            if (!grew) {
                grew = true;
            }
            FramePool.release(frame);
        }
        if (pending != null) {
            throw new IllegalStateException(pending);
        }
        return result;
    }

    @Benchmark
    @Deferred
    public long jdefer() {
        for (int i = 0; i < n; i++) {
            Res r = items[i].open();
            defer(r::close);
            Res s = items[i + 64].open();
            defer(s::close);
        }
        return work();
    }
}
