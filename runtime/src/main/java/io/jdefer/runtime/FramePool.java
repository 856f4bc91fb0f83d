package io.jdefer.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Lends {@link DeferFrame}s to invocations and takes them back (SPEC C4).
 *
 * <p>Two homes, chosen by the calling thread:
 * <ul>
 *   <li>A platform thread keeps frames of its own in a {@link ThreadLocal}: a primary frame, lent by
 *       flipping a flag, and spares for nested frame methods, up to {@link #FRAMES_PER_THREAD} in
 *       all. No atomic operation, and no reference store on the common path (a reference store
 *       costs a GC write barrier).
 *   <li>A virtual thread borrows from one shared, bounded, lock-free pool. A thread-local cache
 *       would cost every new virtual thread an allocation (its thread-local map, its cache, its
 *       first frame); a virtual thread is often created per task, so that would be an allocation
 *       per task. The shared pool holds at most {@link #SHARED_SLOTS} frames.
 * </ul>
 * When a home is full the frame is dropped for the garbage collector; when it is empty a new
 * frame is made. Memory is bounded: every pooled frame is shrunk back by {@link DeferFrame#clear()}.
 */
public final class FramePool {
    /** Frames a platform thread keeps for itself: enough for this depth of nested frame methods. */
    static final int FRAMES_PER_THREAD = 4;
    /** Frames the shared pool for virtual threads keeps. */
    static final int SHARED_SLOTS = 64;
    /** Array elements between two shared slots, so that two slots never share a cache line. */
    private static final int SPACING = 16;

    /** {@code java.lang.VirtualThread} on JDK 21 and later, {@code null} before. */
    private static final Class<?> VIRTUAL_THREAD = virtualThreadClass();
    /** Empty until the thread's first registration: a thread that never registers never gets a cache. */
    private static final ThreadLocal<ThreadCache> THREAD_CACHES = new ThreadLocal<>();
    private static final SharedPool SHARED = new SharedPool();

    private FramePool() {}

    /** Returns {@code frame}, or a frame from the pool when it is {@code null}: a site's first registration. */
    public static DeferFrame ensure(DeferFrame frame) {
        return frame != null ? frame : acquire();
    }

    /** Lends a frame to the calling invocation. */
    public static DeferFrame acquire() {
        return isVirtual(Thread.currentThread()) ? SHARED.take() : threadCache().take();
    }

    /** Takes back a frame lent by {@link #acquire()}, once its entries have all been popped. */
    public static void release(DeferFrame frame) {
        frame.clear();
        frame.home.give(frame);
    }

    private static ThreadCache threadCache() {
        ThreadCache cache = THREAD_CACHES.get();
        if (cache == null) {
            cache = new ThreadCache();
            THREAD_CACHES.set(cache);
        }
        return cache;
    }

    /**
     * Whether {@code thread} is virtual: a class comparison the JIT folds, where
     * {@code Thread::isVirtual} (JDK 21+) would have to go through a method handle from this Java 17
     * code. A virtual thread of another class (a bound one, where the platform has no continuations)
     * takes the platform path: correct, only with a thread-local cache per thread.
     */
    static boolean isVirtual(Thread thread) {
        return thread.getClass() == VIRTUAL_THREAD;
    }

    /** The class of a virtual thread, from {@code Thread.ofVirtual().unstarted(...)} (JDK 21+), or {@code null}. */
    private static Class<?> virtualThreadClass() {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builder = Class.forName("java.lang.Thread$Builder$OfVirtual");
            MethodHandle ofVirtual = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(builder));
            MethodHandle unstarted = lookup.findVirtual(builder, "unstarted", MethodType.methodType(Thread.class, Runnable.class));
            Thread unstartedThread = (Thread) unstarted.invoke(ofVirtual.invoke(), (Runnable) () -> { });
            return unstartedThread.getClass();
        } catch (Throwable olderJdk) {
            return null;
        }
    }

    /** Where a lent frame goes back to. */
    abstract static class Home {
        abstract DeferFrame take();

        abstract void give(DeferFrame frame);
    }

    /**
     * A platform thread's own frames; used by that thread only. The primary frame serves every
     * frame method that is not nested in another; spares serve nested ones.
     */
    static final class ThreadCache extends Home {
        private final DeferFrame primary = new DeferFrame(this);
        private boolean primaryLent;
        private final DeferFrame[] spares = new DeferFrame[FRAMES_PER_THREAD - 1];
        private int spareCount;

        @Override
        DeferFrame take() {
            if (!primaryLent) {
                primaryLent = true;
                return primary;
            }
            if (spareCount == 0) {
                return new DeferFrame(this);
            }
            DeferFrame frame = spares[--spareCount];
            spares[spareCount] = null;
            return frame;
        }

        @Override
        void give(DeferFrame frame) {
            if (frame == primary) {
                primaryLent = false;
            } else if (spareCount < spares.length) {
                spares[spareCount++] = frame;
            }
        }

        /** Frames kept and not lent. */
        int size() {
            return (primaryLent ? 0 : 1) + spareCount;
        }

        int capacity() {
            int slots = primaryLent ? 0 : primary.capacity();
            for (int i = 0; i < spareCount; i++) {
                slots += spares[i].capacity();
            }
            return slots;
        }
    }

    /**
     * Frames shared by virtual threads: {@link #SHARED_SLOTS} slots, one CAS to take or give.
     *
     * <p>A borrower scans every slot, starting at its thread's home slot (its thread id modulo the
     * slot count), and a returner puts the frame back in the first empty slot from the same home.
     * So a thread that calls frame methods again and again finds its own frame at the first probe,
     * consecutive short-lived threads (ids are handed out in sequence) spread over the slots, and a
     * frame is allocated only when every slot is empty: when more frames are in use at once than
     * the pool has ever been given back. An earlier version probed four random slots; with a
     * half-full pool one take in about eight missed and allocated a frame (measured on JDK 25: 30
     * bytes per call on average on one virtual thread, see docs/frames.md).
     */
    static final class SharedPool extends Home {
        private final AtomicReferenceArray<DeferFrame> slots =
                new AtomicReferenceArray<>(SHARED_SLOTS * SPACING);

        @Override
        DeferFrame take() {
            int home = homeSlot();
            for (int probe = 0; probe < SHARED_SLOTS; probe++) {
                int index = slotIndex(home + probe);
                DeferFrame frame = slots.get(index);
                if (frame != null && slots.compareAndSet(index, frame, null)) {
                    return frame;
                }
            }
            return new DeferFrame(this);
        }

        @Override
        void give(DeferFrame frame) {
            int home = homeSlot();
            for (int probe = 0; probe < SHARED_SLOTS; probe++) {
                int index = slotIndex(home + probe);
                if (slots.get(index) == null && slots.compareAndSet(index, null, frame)) {
                    return;
                }
            }
            // every slot is full: the frame goes to the garbage collector
        }

        /** The calling thread's first slot. {@code Thread.getId()}: {@code threadId()} is JDK 19+, this runtime is Java 17. */
        @SuppressWarnings("deprecation")
        private static int homeSlot() {
            return (int) Thread.currentThread().getId();
        }

        int pooled() {
            int count = 0;
            for (int i = 0; i < SHARED_SLOTS; i++) {
                if (slots.get(i * SPACING) != null) {
                    count++;
                }
            }
            return count;
        }

        int capacity() {
            int total = 0;
            for (int i = 0; i < SHARED_SLOTS; i++) {
                DeferFrame frame = slots.get(i * SPACING);
                if (frame != null) {
                    total += frame.capacity();
                }
            }
            return total;
        }

        int largestFrame() {
            int largest = 0;
            for (int i = 0; i < SHARED_SLOTS; i++) {
                DeferFrame frame = slots.get(i * SPACING);
                if (frame != null) {
                    largest = Math.max(largest, frame.capacity());
                }
            }
            return largest;
        }

        private static int slotIndex(int n) {
            return (n & (SHARED_SLOTS - 1)) * SPACING;
        }
    }

    // Test hooks: package-private, read by the runtime's tests directly and by the processor's
    // tests reflectively. None of them is on a path that rewritten code takes.

    /** Frames pooled for virtual threads right now; for tests of the memory bound. */
    static int sharedPooled() {
        return SHARED.pooled();
    }

    /** Slots held by the frames pooled for virtual threads right now (see {@link DeferFrame#capacity()}). */
    static int sharedCapacity() {
        return SHARED.capacity();
    }

    /** Slots held by the largest frame pooled for virtual threads right now. */
    static int sharedLargestFrame() {
        return SHARED.largestFrame();
    }

    /** Frames the calling platform thread keeps, or {@code -1} when it has no cache: it never registered. */
    static int cachedFrames() {
        ThreadCache cache = THREAD_CACHES.get();
        return cache == null ? -1 : cache.size();
    }

    /** Slots held by the frames the calling platform thread keeps (0 when it has no cache). */
    static int cachedCapacity() {
        ThreadCache cache = THREAD_CACHES.get();
        return cache == null ? 0 : cache.capacity();
    }
}
