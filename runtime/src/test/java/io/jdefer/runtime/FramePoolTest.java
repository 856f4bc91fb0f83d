package io.jdefer.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** SPEC C4: the pool lends each frame to one invocation at a time, reuses frames, and holds bounded memory. */
class FramePoolTest {
    interface Body {
        void run() throws Throwable;
    }

    static void onNewPlatformThread(Body body) throws Throwable {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        thread.start();
        thread.join();
        if (thrown.get() != null) {
            throw thrown.get();
        }
    }

    /** {@code Thread.ofVirtual().start(task)} on JDK 21+, reached by method handles (this module compiles for 17). */
    static void onNewVirtualThread(Body body) throws Throwable {
        MethodHandle start;
        try {
            Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
            Object builder = MethodHandles.publicLookup().findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtual)).invoke();
            start = MethodHandles.publicLookup().findVirtual(Class.forName("java.lang.Thread$Builder"), "start",
                    MethodType.methodType(Thread.class, Runnable.class)).bindTo(builder);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            assumeTrue(false, "virtual threads need JDK 21+: " + Runtime.version());
            return;
        }
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Runnable task = () -> {
            try {
                body.run();
            } catch (Throwable e) {
                thrown.set(e);
            }
        };
        Thread thread = (Thread) start.invoke(task);
        thread.join();
        if (thrown.get() != null) {
            throw thrown.get();
        }
    }

    @Test
    void platformThread_reusesItsOwnFrame_andCreatesNoCacheUntilItsFirstAcquire_C4() throws Throwable {
        onNewPlatformThread(() -> {
            assertEquals(-1, FramePool.cachedFrames());
            assertEquals(false, FramePool.isVirtual(Thread.currentThread()));
            DeferFrame first = FramePool.ensure(null);
            assertSame(first, FramePool.ensure(first), "ensure keeps the frame the invocation already has");
            first.pushRef("x");
            first.pushSite(0);
            assertEquals(0, first.popSite());
            first.popRefs(1);
            FramePool.release(first);
            assertEquals(1, FramePool.cachedFrames());
            DeferFrame second = FramePool.acquire();
            assertSame(first, second, "the released frame is lent again");
            assertEquals(0, second.size());
            assertNull(second.refAt(0), "and holds no captured reference");
            FramePool.release(second);
        });
    }

    @Test
    void platformThreadCache_holdsAtMostFramesPerThread_C4() throws Throwable {
        onNewPlatformThread(() -> {
            List<DeferFrame> held = new ArrayList<>();
            for (int i = 0; i < FramePool.FRAMES_PER_THREAD * 3; i++) {
                held.add(FramePool.acquire());
            }
            for (int i = 0; i < held.size(); i++) {
                for (int j = 0; j < i; j++) {
                    assertNotSame(held.get(i), held.get(j), "frames lent at the same time are distinct");
                }
            }
            for (DeferFrame frame : held) {
                FramePool.release(frame);
            }
            assertEquals(FramePool.FRAMES_PER_THREAD, FramePool.cachedFrames());
        });
    }

    @Test
    void afterAMillionEntries_thePlatformCacheKeepsASmallFrame_C4() throws Throwable {
        onNewPlatformThread(() -> {
            DeferFrame frame = FramePool.acquire();
            for (int i = 0; i < 1_000_000; i++) {
                frame.pushRef(frame);
                frame.pushDouble(i);
                frame.pushSite(0);
            }
            while (frame.popSite() >= 0) {
                frame.popRefs(1);
                frame.popPrims(1);
            }
            FramePool.release(frame);
            assertEquals(1, FramePool.cachedFrames());
            assertEquals(3 * DeferFrame.INITIAL_CAPACITY, FramePool.cachedCapacity());
        });
    }

    @Test
    void sharedPool_holdsAtMostItsSlotCount_C4() {
        FramePool.SharedPool pool = new FramePool.SharedPool();
        List<DeferFrame> frames = new ArrayList<>();
        for (int i = 0; i < FramePool.SHARED_SLOTS * 3; i++) {
            frames.add(pool.take());
        }
        for (DeferFrame frame : frames) {
            pool.give(frame);
        }
        assertEquals(FramePool.SHARED_SLOTS, pool.pooled());
        for (int i = 0; i < FramePool.SHARED_SLOTS; i++) {
            assertTrue(frames.contains(pool.take()), "a pooled frame is lent before any new one is made");
        }
        assertEquals(0, pool.pooled());
    }

    @Test
    void sharedPool_lendsAFrameToOneBorrowerAtATime_underContention_C4() throws Exception {
        FramePool.SharedPool pool = new FramePool.SharedPool();
        int threads = 8;
        int rounds = 50_000;
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long mark = t + 1;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int r = 0; r < rounds; r++) {
                    DeferFrame a = pool.take();
                    DeferFrame b = pool.take();
                    // a frame lent to two borrowers at once would see the other's mark
                    a.pushLong(mark);
                    a.pushSite(1);
                    b.pushLong(-mark);
                    b.pushSite(2);
                    Thread.yield();
                    if (a.size() != 1 || b.size() != 1 || a.popSite() != 1 || a.longAt(a.popPrims(1)) != mark
                            || b.popSite() != 2 || b.longAt(b.popPrims(1)) != -mark) {
                        failures.add("thread " + mark + " round " + r);
                        return;
                    }
                    a.clear();
                    b.clear();
                    pool.give(b);
                    pool.give(a);
                }
            });
            thread.start();
            started.add(thread);
        }
        start.countDown();
        for (Thread thread : started) {
            thread.join();
        }
        assertEquals(List.of(), new ArrayList<>(failures));
        assertTrue(pool.pooled() <= FramePool.SHARED_SLOTS);
    }

    @Test
    void virtualThread_usesTheSharedPool_neverAThreadLocalCache_andReusesItsFrame_C4() throws Throwable {
        onNewVirtualThread(() -> {
            assertTrue(FramePool.isVirtual(Thread.currentThread()));
            DeferFrame first = FramePool.acquire();
            FramePool.release(first);
            for (int i = 0; i < 100; i++) {
                DeferFrame again = FramePool.acquire();
                assertSame(first, again, "a virtual thread finds its frame again in its home slot");
                FramePool.release(again);
            }
            assertEquals(-1, FramePool.cachedFrames(), "no ThreadLocal cache on a virtual thread");
        });
    }

    @Test
    void afterAMillionEntriesOnAVirtualThread_theSharedPoolKeepsOnlySmallFrames_C4() throws Throwable {
        onNewVirtualThread(() -> {
            List<DeferFrame> held = new ArrayList<>();
            for (int i = 0; i < FramePool.SHARED_SLOTS * 2; i++) {
                held.add(FramePool.acquire());
            }
            DeferFrame big = held.get(0);
            for (int i = 0; i < 1_000_000; i++) {
                big.pushRef(big);
                big.pushLong(i);
                big.pushSite(0);
            }
            while (big.popSite() >= 0) {
                big.popRefs(1);
                big.popPrims(1);
            }
            for (DeferFrame frame : held) {
                FramePool.release(frame);
            }
            assertEquals(FramePool.SHARED_SLOTS, FramePool.sharedPooled(), "full, and no more");
            assertTrue(FramePool.sharedLargestFrame() <= 3 * DeferFrame.RETAINED_CAPACITY, "largest pooled frame " + FramePool.sharedLargestFrame());
            assertTrue(FramePool.sharedCapacity() <= FramePool.SHARED_SLOTS * 3 * DeferFrame.RETAINED_CAPACITY);
        });
    }
}
