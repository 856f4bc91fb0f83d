package io.jdefer.bench.anatomy;

import io.jdefer.runtime.DeferFrame;
import io.jdefer.runtime.FramePool;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Where a frame method's time goes: the runtime calls that a {@code FRAME} lowering emits, one
 * piece at a time, called directly (they are public: the rewritten code calls them). Not part of
 * run.sh's default set; run with {@code java -jar target/benchmarks.jar anatomy -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FrameAnatomy {
    static final ThreadLocal<Object[]> LOCAL = ThreadLocal.withInitial(() -> new Object[4]);

    Object value = new Object();
    DeferFrame held;

    @Setup
    public void setUp() {
        held = FramePool.acquire();
    }

    @TearDown
    public void tearDown() {
        FramePool.release(held);
    }

    /** The floor: what any per-thread lookup starts with. */
    @Benchmark
    public Thread currentThread() {
        return Thread.currentThread();
    }

    /** A plain {@code ThreadLocal.get()}: the platform-thread pool's lookup. */
    @Benchmark
    public Object threadLocalGet() {
        return LOCAL.get();
    }

    /** Borrow a frame and give it back, with no entry: the pool's round trip. */
    @Benchmark
    public DeferFrame acquireRelease() {
        DeferFrame frame = FramePool.acquire();
        FramePool.release(frame);
        return frame;
    }

    /** One entry with one captured reference, registered and dispatched, on a frame already held. */
    @Benchmark
    public Object oneEntry() {
        DeferFrame frame = held;
        frame.pushRef(value);
        frame.pushSite(0);
        int site = frame.popSite();
        int base = frame.popRefs(1);
        Object v = frame.refAt(base);
        return site == 0 ? v : null;
    }

    /** The whole life of a one-entry frame: ensure, one entry, dispatch, release. */
    @Benchmark
    public Object wholeFrame() {
        DeferFrame frame = FramePool.ensure(null);
        frame.pushRef(value);
        frame.pushSite(0);
        Object v = null;
        for (int site; (site = frame.popSite()) != -1; ) {
            int base = frame.popRefs(1);
            v = frame.refAt(base);
        }
        FramePool.release(frame);
        return v;
    }
}
