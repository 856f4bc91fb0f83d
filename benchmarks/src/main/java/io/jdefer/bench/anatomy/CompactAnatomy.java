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
import org.openjdk.jmh.annotations.Param;

/**
 * Where the compact frame shape's time goes against the hand-written cleanup array
 * ({@code FrameShapes.compact}: a loop that opens a resource and defers its close), taken apart
 * by hand, one difference of the lowering at a time (docs/performance.md, issue 13):
 * <ul>
 *   <li>{@code array}: the hand-written code of {@code FrameShapes.compact_handWritten} on an
 *       {@code Object[]}, as a pooled frame's array must be (a store checks the array's class, a
 *       load casts); {@code FrameShapes}' own is a {@code Res[]}: {@code Res} is final, so C2 knows
 *       that array's exact type and checks neither;
 *   <li>{@code firstInLocal}: the same with the first entry kept in a local, as the lowering keeps
 *       it (so that one registration needs no frame): a test of the top in both loops;
 *   <li>{@code pooled}: the array borrowed from {@code FramePool} at the first registration and
 *       given back at exit, as the lowering borrows it, with its capacity check;
 *   <li>{@code lowered}: both, which is what jdefer wrote at 1a70516 (less the S5 offer tests);
 *       since D23 the lowering tests room against an empty stand-in array instead of testing
 *       the stack for {@code null} (docs/decisions.md);
 *   <li>{@code preBorrowed}: the D23 lowering with the borrow taken before the loop once the site
 *       has needed a frame (a sticky static flag), so that the loop holds no pool code (D24);
 *   <li>{@code lockedArray}, {@code lockedPreBorrowed}, {@code lockedBorrowAfterLock}: the same
 *       with a lock taken before the loop and released after the entries ({@code FrameShapes.lockLoop}):
 *       the hand-written array, D24's borrow before the lock, and the borrow after it.
 * </ul>
 * Not part of run.sh's default set; run with {@code java -jar target/benchmarks.jar CompactAnatomy}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CompactAnatomy extends Fixture {
    @Param({"4", "16", "64"})
    public int n;

    private final Res[] items = new Res[128];
    private final Object[] refs = new Object[128];

    public CompactAnatomy() {
        for (int i = 0; i < items.length; i++) {
            items[i] = new Res();
        }
    }

    @Benchmark
    public long array() {
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
    public long firstInLocal() {
        Object[] opened = refs;
        Res first = null;
        int k = 0;
        try {
            for (int i = 0; i < n; i++) {
                Res r = items[i].open();
                if (k == 0) {
                    first = r;
                } else {
                    opened[k - 1] = r;
                }
                k++;
            }
            return work();
        } finally {
            while (k > 0) {
                k--;
                Res r;
                if (k == 0) {
                    r = first;
                } else {
                    r = (Res) opened[k - 1];
                    opened[k - 1] = null;
                }
                r.close();
            }
        }
    }

    @Benchmark
    public long pooled() {
        DeferFrame frame = null;
        Object[] opened = null;
        int k = 0;
        try {
            for (int i = 0; i < n; i++) {
                Res r = items[i].open();
                if (opened == null) {
                    frame = FramePool.acquire();
                    opened = frame.refStack(1);
                }
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
            if (frame != null) {
                FramePool.release(frame);
            }
        }
    }

    @Benchmark
    public long lowered() {
        DeferFrame frame = null;
        Object[] opened = null;
        Res first = null;
        int k = 0;
        try {
            for (int i = 0; i < n; i++) {
                Res r = items[i].open();
                if (k == 0) {
                    first = r;
                } else {
                    if (opened == null) {
                        frame = FramePool.acquire();
                        opened = frame.refStack(1);
                    }
                    if (k - 1 >= opened.length) {
                        opened = frame.refStack(k);
                    }
                    opened[k - 1] = r;
                }
                k++;
            }
            return work();
        } finally {
            while (k > 0) {
                k--;
                Res r;
                if (k == 0) {
                    r = first;
                } else {
                    r = (Res) opened[k - 1];
                    opened[k - 1] = null;
                }
                r.close();
            }
            if (frame != null) {
                FramePool.release(frame);
            }
        }
    }

    private static boolean siteGrew;

    @Benchmark
    public long preBorrowed() {
        DeferFrame frame = null;
        Object[] opened = DeferFrame.NO_REFS;
        Res first = null;
        int k = 0;
        if (siteGrew) {
            frame = FramePool.acquire();
            opened = frame.refStack(1);
        }
        try {
            for (int i = 0; i < n; i++) {
                Res r = items[i].open();
                if (k <= 0) {
                    first = r;
                    k = 1;
                } else {
                    if (k > opened.length) {
                        siteGrew = true;
                        if (frame == null) {
                            frame = FramePool.acquire();
                        }
                        opened = frame.refStack(k);
                    }
                    opened[k - 1] = r;
                    k++;
                }
            }
            return work();
        } finally {
            while (k > 0) {
                k--;
                Res r;
                if (k == 0) {
                    r = first;
                } else {
                    r = (Res) opened[k - 1];
                    opened[k - 1] = null;
                }
                r.close();
            }
            if (frame != null) {
                FramePool.release(frame);
            }
        }
    }

    private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();

    @Benchmark
    public long lockedArray() {
        lock.lock();
        try {
            return array();
        } finally {
            lock.unlock();
        }
    }

    @Benchmark
    public long lockedPreBorrowed() {
        DeferFrame frame = null;
        Object[] opened = DeferFrame.NO_REFS;
        if (siteGrew) {
            frame = FramePool.acquire();
            opened = frame.refStack(1);
        }
        lock.lock();
        return lockedEntries(frame, opened);
    }

    @Benchmark
    public long lockedBorrowAfterLock() {
        lock.lock();
        DeferFrame frame = null;
        Object[] opened = DeferFrame.NO_REFS;
        if (siteGrew) {
            frame = FramePool.acquire();
            opened = frame.refStack(1);
        }
        return lockedEntries(frame, opened);
    }

    /** preBorrowed's loop and epilogue, then the unlock; forced inline by being small and hot. */
    private long lockedEntries(DeferFrame frame, Object[] opened) {
        Res first = null;
        int k = 0;
        try {
            for (int i = 0; i < n; i++) {
                Res r = items[i].open();
                if (k <= 0) {
                    first = r;
                    k = 1;
                } else {
                    if (k > opened.length) {
                        siteGrew = true;
                        if (frame == null) {
                            frame = FramePool.acquire();
                        }
                        opened = frame.refStack(k);
                    }
                    opened[k - 1] = r;
                    k++;
                }
            }
            return work();
        } finally {
            while (k > 0) {
                k--;
                Res r;
                if (k == 0) {
                    r = first;
                } else {
                    r = (Res) opened[k - 1];
                    opened[k - 1] = null;
                }
                r.close();
            }
            if (frame != null) {
                FramePool.release(frame);
            }
            lock.unlock();
        }
    }
}
