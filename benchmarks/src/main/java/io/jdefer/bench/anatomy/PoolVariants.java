package io.jdefer.bench.anatomy;

import io.jdefer.runtime.DeferFrame;
import io.jdefer.runtime.FramePool;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * {@code FramePool.acquire()} + {@code release()} rebuilt step by step, measured side by side in
 * one run, to see which step costs: a thread-local stack of frames ({@link #stack}); plus the
 * frame's {@code home} field written on borrow and cleared on return ({@link #stackHome}); plus
 * the virtual-thread test through a {@code MethodHandle} ({@link #stackHomeVirtualTest}); plus
 * clearing the frame ({@link #stackHomeVirtualTestClear}, which is what {@code FramePool} does);
 * and {@code FramePool} itself ({@link #framePool}); and the stack found without a
 * {@code ThreadLocal} read on the fast path, in a table indexed by the thread's id whose entry
 * names its owner's id ({@link #idTable}). Not in run.sh's default set.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PoolVariants {
    static final class Frame {
        Object home;
        Object[] refs = new Object[8];
        long[] prims = new long[8];
        int[] sites = new int[8];
        int refHigh;
        int siteTop;
        int refTop;
        int primTop;

        void resetOnly() {
            siteTop = 0;
            refTop = 0;
            primTop = 0;
            refHigh = 0;
        }

        void fillOnly() {
            Arrays.fill(refs, 0, refHigh, null);
        }

        void fillLoop() {
            Object[] r = refs;
            for (int i = 0, n = Math.min(refHigh, r.length); i < n; i++) {
                r[i] = null;
            }
        }

        void clear() {
            if (refs.length > 256) {
                refs = new Object[8];
            } else {
                Arrays.fill(refs, 0, refHigh, null);
            }
            if (prims.length > 256) {
                prims = new long[8];
            }
            if (sites.length > 256) {
                sites = new int[8];
            }
            siteTop = 0;
            refTop = 0;
            primTop = 0;
            refHigh = 0;
        }
    }

    static final class Stack {
        final Frame[] frames = new Frame[4];
        int size;

        Frame take() {
            if (size == 0) {
                return new Frame();
            }
            Frame f = frames[--size];
            frames[size] = null;
            return f;
        }

        void give(Frame f) {
            if (size < frames.length) {
                frames[size++] = f;
            }
        }
    }

    static final ThreadLocal<Stack> STACKS = ThreadLocal.withInitial(Stack::new);

    /** A stack that names its thread by id: a stale or foreign table entry is seen as such. */
    static final class OwnedStack {
        final long owner;
        final Stack stack = new Stack();

        OwnedStack(long owner) {
            this.owner = owner;
        }
    }

    static final int ID_SLOTS = 64;
    static final int ID_SPACING = 16;
    static final OwnedStack[] BY_ID = new OwnedStack[ID_SLOTS * ID_SPACING];
    @SuppressWarnings("deprecation")
    static final ThreadLocal<OwnedStack> OWNED = ThreadLocal.withInitial(() -> new OwnedStack(Thread.currentThread().getId()));
    static final MethodHandle IS_VIRTUAL = isVirtualHandle();

    static MethodHandle isVirtualHandle() {
        MethodType type = MethodType.methodType(boolean.class);
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", type);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return MethodHandles.dropArguments(MethodHandles.constant(boolean.class, false), 0, Thread.class);
        }
    }

    static boolean isVirtual(Thread t) {
        try {
            return (boolean) IS_VIRTUAL.invokeExact(t);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    @Benchmark
    @SuppressWarnings("deprecation")
    public Frame idTable() {
        long id = Thread.currentThread().getId();
        int slot = ((int) id & (ID_SLOTS - 1)) * ID_SPACING;
        OwnedStack owned = BY_ID[slot];
        if (owned == null || owned.owner != id) {
            owned = OWNED.get();
            BY_ID[slot] = owned;
        }
        Frame f = owned.stack.take();
        owned.stack.give(f);
        return f;
    }

    @Benchmark
    public Frame stack() {
        Stack s = STACKS.get();
        Frame f = s.take();
        s.give(f);
        return f;
    }

    @Benchmark
    public Frame stackHome() {
        Stack s = STACKS.get();
        Frame f = s.take();
        f.home = s;
        Stack home = (Stack) f.home;
        f.home = null;
        home.give(f);
        return f;
    }

    @Benchmark
    public Frame stackHomeVirtualTest() {
        Stack s = isVirtual(Thread.currentThread()) ? null : STACKS.get();
        Frame f = s.take();
        f.home = s;
        Stack home = (Stack) f.home;
        f.home = null;
        home.give(f);
        return f;
    }

    @Benchmark
    public Frame stackHomeVirtualTestClear() {
        Stack s = isVirtual(Thread.currentThread()) ? null : STACKS.get();
        Frame f = s.take();
        f.home = s;
        Stack home = (Stack) f.home;
        f.home = null;
        f.clear();
        home.give(f);
        return f;
    }

    @Benchmark
    public Frame stackResetOnly() {
        Stack s = STACKS.get();
        Frame f = s.take();
        f.resetOnly();
        s.give(f);
        return f;
    }

    @Benchmark
    public Frame stackArraysFill() {
        Stack s = STACKS.get();
        Frame f = s.take();
        f.fillOnly();
        s.give(f);
        return f;
    }

    @Benchmark
    public Frame stackFillLoop() {
        Stack s = STACKS.get();
        Frame f = s.take();
        f.fillLoop();
        s.give(f);
        return f;
    }

    @Benchmark
    public DeferFrame framePool() {
        DeferFrame f = FramePool.acquire();
        FramePool.release(f);
        return f;
    }
}
