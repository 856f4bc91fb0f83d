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
 * Where the entries of a one-site frame method should live (docs/performance.md, "Entries in
 * locals against the loop", issue 13): {@code FrameShapes.compact}'s loop written by hand in six
 * shapes, each with D24's borrow in the prologue once a call has needed the stack.
 * <ul>
 *   <li>{@code array}: the hand-written code, the cleanup array owned by the state;
 *   <li>{@code stackOnly}: every entry in the borrowed stack, the count incremented on one path:
 *       the loop body is {@code if (no room) grow; stack[top++] = r};
 *   <li>{@code hybrid1b}: entry 0 in a local, as the lowering keeps it (D23), the others in the
 *       stack, the count incremented after both paths;
 *   <li>{@code hybrid4}: entries 0 to 3 in locals (a {@code switch} on the count), the others at
 *       {@code stack[top - 4]};
 *   <li>{@code shift1}, {@code shift4}: the newest one or four entries in locals, moved down one
 *       place at each registration, the oldest of them to the stack;
 *   <li>{@code localsThenStack}: entries 0 to 3 in locals only while no frame is held, the rest in
 *       the stack, whose loop is then {@code stackOnly}'s (what D32 lowers; written here before it).
 * </ul>
 * Each variant has its own flag (D24). Not part of run.sh's default set.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EntryAnatomy extends Fixture {
    @Param({"1", "4", "16", "64"})
    public int n;

    private final Res[] items = new Res[128];
    private final Object[] refs = new Object[128];
    private static boolean stackGrew;
    private static boolean shiftGrew;

    public EntryAnatomy() {
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

    /** Every entry in the stack, the frame borrowed in the prologue once it has grown. */
    @Benchmark
    public long stackOnly() {
        DeferFrame frame = null;
        Object[] opened = DeferFrame.NO_REFS;
        int k = 0;
        if (stackGrew) {
            frame = FramePool.acquire();
            opened = frame.refStack(1);
        }
        try {
            for (int i = 0; i < n; i++) {
                Res r = items[i].open();
                if (k >= opened.length) {
                    stackGrew = true;
                    if (frame == null) {
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
            if (frame != null) {
                FramePool.release(frame);
            }
        }
    }

    /** The newest four entries in locals (a shift register), older ones in the stack. */
    @Benchmark
    public long shift4() {
        DeferFrame frame = null;
        Object[] opened = DeferFrame.NO_REFS;
        Res c0 = null, c1 = null, c2 = null, c3 = null;
        int k = 0;
        if (shiftGrew) {
            frame = FramePool.acquire();
            opened = frame.refStack(1);
        }
        try {
            for (int i = 0; i < n; i++) {
                Res r = items[i].open();
                if (k >= 4) {
                    if (k - 4 >= opened.length) {
                        shiftGrew = true;
                        if (frame == null) {
                            frame = FramePool.acquire();
                        }
                        opened = frame.refStack(k - 3);
                    }
                    opened[k - 4] = c3;
                }
                c3 = c2;
                c2 = c1;
                c1 = c0;
                c0 = r;
                k++;
            }
            return work();
        } finally {
            while (k > 0) {
                k--;
                Res r = c0;
                c0 = c1;
                c1 = c2;
                c2 = c3;
                if (k >= 4) {
                    c3 = (Res) opened[k - 4];
                    opened[k - 4] = null;
                }
                r.close();
            }
            if (frame != null) {
                FramePool.release(frame);
            }
        }
    }

    private static boolean hybrid4Grew;

    /** Entries 0 to 3 in locals, the others at stack[top - 4]; the count incremented on every path. */
    @Benchmark
    public long hybrid4() {
        DeferFrame frame = null;
        Object[] opened = DeferFrame.NO_REFS;
        Res c0 = null, c1 = null, c2 = null, c3 = null;
        int k = 0;
        if (hybrid4Grew) {
            frame = FramePool.acquire();
            opened = frame.refStack(1);
        }
        try {
            for (int i = 0; i < n; i++) {
                Res r = items[i].open();
                int at = k - 4;
                if (at < 0 || at >= opened.length) {
                    if (at < 0) {
                        switch (k) {
                            case 0: c0 = r; break;
                            case 1: c1 = r; break;
                            case 2: c2 = r; break;
                            default: c3 = r; break;
                        }
                        k++;
                        continue;
                    }
                    hybrid4Grew = true;
                    if (frame == null) {
                        frame = FramePool.acquire();
                    }
                    opened = frame.refStack(at + 1);
                }
                opened[at] = r;
                k++;
            }
            return work();
        } finally {
            while (k > 0) {
                k--;
                Res r;
                if (k >= 4) {
                    r = (Res) opened[k - 4];
                    opened[k - 4] = null;
                } else {
                    switch (k) {
                        case 0: r = c0; break;
                        case 1: r = c1; break;
                        case 2: r = c2; break;
                        default: r = c3; break;
                    }
                }
                r.close();
            }
            if (frame != null) {
                FramePool.release(frame);
            }
        }
    }

    private static boolean localsThenStackGrew;

    /**
     * Entries 0 to 3 in locals only while no frame is held; the fifth borrows, moves them into the
     * stack, and from then on (and from the prologue, once a call has borrowed) every entry is
     * {@code stackOnly}'s: the loop's common path is the room test and the store.
     */
    @Benchmark
    public long localsThenStack() {
        DeferFrame frame = null;
        Object[] opened = DeferFrame.NO_REFS;
        Res c0 = null, c1 = null, c2 = null, c3 = null;
        int k = 0;
        int l = 0;
        if (localsThenStackGrew) {
            frame = FramePool.acquire();
            opened = frame.refStack(1);
        }
        try {
            for (int i = 0; i < n; i++) {
                Res r = items[i].open();
                if (k >= opened.length) {
                    if (frame == null && l < 4) {
                        switch (l) {
                            case 0: c0 = r; break;
                            case 1: c1 = r; break;
                            case 2: c2 = r; break;
                            default: c3 = r; break;
                        }
                        l++;
                        continue;
                    }
                    localsThenStackGrew = true;
                    if (frame == null) {
                        frame = FramePool.acquire();
                    }
                    opened = frame.refStack(k + l + 1);
                    if (l > 0) {
                        opened[0] = c0;
                        opened[1] = c1;
                        opened[2] = c2;
                        opened[3] = c3;
                        c0 = c1 = c2 = c3 = null;
                        k = l;
                        l = 0;
                    }
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
            switch (l) {
                case 4: c3.close();
                case 3: c2.close();
                case 2: c1.close();
                case 1: c0.close();
                default:
            }
            if (frame != null) {
                FramePool.release(frame);
            }
        }
    }

    private static boolean shift1Grew;
    private static boolean hybrid1bGrew;

    /** The newest entry in a local; the one before it goes to stack[top - 1] at the next registration. */
    @Benchmark
    public long shift1() {
        DeferFrame frame = null;
        Object[] opened = DeferFrame.NO_REFS;
        Res c0 = null;
        int k = 0;
        if (shift1Grew) {
            frame = FramePool.acquire();
            opened = frame.refStack(1);
        }
        try {
            for (int i = 0; i < n; i++) {
                Res r = items[i].open();
                if (k > 0) {
                    if (k > opened.length) {
                        shift1Grew = true;
                        if (frame == null) {
                            frame = FramePool.acquire();
                        }
                        opened = frame.refStack(k);
                    }
                    opened[k - 1] = c0;
                }
                c0 = r;
                k++;
            }
            return work();
        } finally {
            while (k > 0) {
                k--;
                Res r = c0;
                if (k > 0) {
                    c0 = (Res) opened[k - 1];
                    opened[k - 1] = null;
                }
                r.close();
            }
            if (frame != null) {
                FramePool.release(frame);
            }
        }
    }

    /** Entry 0 in a local, the others at stack[top - 1]; the count incremented on one path after both. */
    @Benchmark
    public long hybrid1b() {
        DeferFrame frame = null;
        Object[] opened = DeferFrame.NO_REFS;
        Res c0 = null;
        int k = 0;
        if (hybrid1bGrew) {
            frame = FramePool.acquire();
            opened = frame.refStack(1);
        }
        try {
            for (int i = 0; i < n; i++) {
                Res r = items[i].open();
                int at = k - 1;
                if (at >= 0 && at < opened.length) {
                    opened[at] = r;
                } else if (k == 0) {
                    c0 = r;
                } else {
                    hybrid1bGrew = true;
                    if (frame == null) {
                        frame = FramePool.acquire();
                    }
                    opened = frame.refStack(k);
                    opened[at] = r;
                }
                k++;
            }
            return work();
        } finally {
            while (k > 0) {
                k--;
                Res r;
                if (k >= 1) {
                    r = (Res) opened[k - 1];
                    opened[k - 1] = null;
                } else {
                    r = c0;
                }
                r.close();
            }
            if (frame != null) {
                FramePool.release(frame);
            }
        }
    }
}
