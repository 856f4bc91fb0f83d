package io.jdefer.bench.anatomy;

import io.jdefer.bench.Fixture;
import io.jdefer.bench.Res;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;

/**
 * Why a loop storing into a pooled frame's array is slower than the same loop on the state's array
 * (issue 13 items 1 and 2; {@code FixedCostAnatomy} found the gap, this class finds where it comes
 * from). Every variant is {@code FrameShapes.compact_handWritten}'s loop and epilogue on an
 * {@code Object[]} with a room test before each store; they differ only in how the method gets the
 * array, and the last four in what the epilogue does with it:
 * <ul>
 *   <li>{@code ownArray}: the state's array, one load from {@code this};
 *   <li>{@code lookupUnused}: the same, after a {@code ThreadLocal.get()} whose result is only
 *       null-checked: the lookup's instructions without its result feeding the stores;
 *   <li>{@code staticChain3}: the array three dependent loads from a static field (cache, frame,
 *       array), the shape of the pool's path without the thread-local map;
 *   <li>{@code threadLocalChain}: the pool's path: {@code ThreadLocal.get()} gives the thread's
 *       cache, then its frame, then its array, about ten dependent loads in all;
 *   <li>{@code frameAsValue}: the thread-local's value the frame itself, one load fewer;
 *   <li>{@code staticChain10}: ten dependent loads from a static field, no thread-local at all;
 *   <li>{@code chainStoresOnly}: {@code staticChain10}, but the epilogue closes the items from the
 *       state's {@code items} and only clears the chained array's slots: no load from it;
 *   <li>{@code chainLoadsOnly}: {@code staticChain10}, the epilogue loads the slots but does not
 *       clear them;
 *   <li>{@code chainLengthOnly}: the chained array read for its length only (the room test), the
 *       entries stored into the state's array;
 *   <li>{@code serializedStart}: {@code threadLocalChain} with the loop's start index read from the
 *       frame (a field that is always 0), so the loop cannot start before the lookup ends.
 * </ul>
 * The caches and frames here are this class's own, not {@code FramePool}'s, so that no variant
 * depends on the pool's state (a frame lent by another variant's state would send
 * {@code FramePool.acquire} to its spares). Each variant is written out in full, as in the other
 * anatomy classes, which is why this class is over 300 lines: a shared helper would be inlined into
 * each differently and change what is measured. Figures and reading: docs/performance.md, "Where
 * the frame's gap comes from". Not part of run.sh's default set; run with
 * {@code java -jar target/benchmarks.jar ChainAnatomy}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChainAnatomy extends Fixture {
    @Param({"8", "16", "24"})
    public int n;

    private final Res[] items = new Res[128];
    private final Object[] refs = new Object[128];

    public ChainAnatomy() {
        for (int i = 0; i < items.length; i++) {
            items[i] = new Res();
        }
    }

    @Override
    protected void checkScenario() {
        for (Res r : items) {
            if (r.isOpen()) {
                throw new IllegalStateException("ChainAnatomy: an item left open");
            }
        }
    }

    /** A frame: its array, and a field that is always 0 (for {@code serializedStart}). */
    static final class Frame {
        final Object[] refs = new Object[128];
        int zero;
    }

    /** A thread's cache: one frame, as {@code FramePool.ThreadCache}'s primary. */
    static final class Cache {
        final Frame primary = new Frame();
    }

    /** One link of {@code staticChain10}'s chain. */
    static final class Link {
        Link next;
        Object[] refs;
    }

    static final ThreadLocal<Cache> CACHES = ThreadLocal.withInitial(Cache::new);
    static final ThreadLocal<Frame> FRAMES = ThreadLocal.withInitial(Frame::new);
    /** Not final: the JIT would fold a final static's chain into a constant. */
    static Cache sharedCache = new Cache();
    /** The head of nine links, the last of which holds the array: ten loads from here to the array. */
    static Link chain = chainOf(9);

    private static Link chainOf(int links) {
        Link last = new Link();
        last.refs = new Object[128];
        Link head = last;
        for (int i = 1; i < links; i++) {
            Link link = new Link();
            link.next = head;
            head = link;
        }
        return head;
    }

    @Benchmark
    public long ownArray() {
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
    public long lookupUnused() {
        if (FRAMES.get() == null) {
            throw new IllegalStateException();
        }
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
    public long staticChain3() {
        Object[] opened = sharedCache.primary.refs;
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
    public long threadLocalChain() {
        Object[] opened = CACHES.get().primary.refs;
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
    public long frameAsValue() {
        Object[] opened = FRAMES.get().refs;
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
    public long staticChain10() {
        Object[] opened = chain.next.next.next.next.next.next.next.next.refs;
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
    public long chainStoresOnly() {
        Object[] opened = chain.next.next.next.next.next.next.next.next.refs;
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
                --k;
                opened[k] = null;
                items[k].close();
            }
        }
    }

    @Benchmark
    public long chainLoadsOnly() {
        Object[] opened = chain.next.next.next.next.next.next.next.next.refs;
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
                r.close();
            }
        }
    }

    @Benchmark
    public long chainLengthOnly() {
        Object[] chained = chain.next.next.next.next.next.next.next.next.refs;
        Object[] opened = refs;
        int k = 0;
        try {
            for (int i = 0; i < n; i++) {
                Res r = items[i].open();
                if (k >= chained.length) {
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
    public long serializedStart() {
        Frame frame = CACHES.get().primary;
        Object[] opened = frame.refs;
        int k = frame.zero;
        try {
            for (int i = k; i < n; i++) {
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
}
