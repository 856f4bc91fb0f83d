package io.jdefer.frames;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.runtime.DeferFrame;
import io.jdefer.runtime.FramePool;
import io.jdefer.testing.Compilation;
import io.jdefer.testing.Programs;
import org.junit.jupiter.api.Test;

/**
 * SPEC C4, "memory held by the pool is bounded": a rewritten method that registers a million
 * entries in one call leaves no huge frame in the pool, on a platform thread's cache and in the
 * virtual threads' shared pool.
 */
class PoolBoundTest {
    static final String PROGRAM = """
            package t;
            import static io.jdefer.Defers.*;
            import io.jdefer.*;

            @Deferred
            public class Huge {
                public static long ran;
                public static long sum;

                public static void register(int n) {
                    for (int i = 0; i < n; i++) {
                        long v = i;
                        String s = "";
                        defer(() -> { ran++; sum += v + s.length(); });
                    }
                }

                /** One site capturing one value: compact entries (docs/frames.md). */
                public static void registerCompact(int n) {
                    for (int i = 0; i < n; i++) {
                        long v = i;
                        defer(() -> { ran++; sum += v; });
                    }
                }

                public static void registerCompactRefs(Object[] items) {
                    for (Object item : items) {
                        defer(() -> { ran++; sum += item.hashCode(); });
                    }
                }
            }
            """;

    static final int MILLION = 1_000_000;
    static final int RETAINED = PoolProbe.constant(DeferFrame.class, "RETAINED_CAPACITY");
    static final int INITIAL = PoolProbe.constant(DeferFrame.class, "INITIAL_CAPACITY");

    static Compilation program() {
        return Programs.compile(PROGRAM, "AUTO");
    }

    static void registerAMillion(Compilation c) throws Throwable {
        Class<?> huge = c.load("t.Huge");
        huge.getField("ran").setLong(null, 0);
        huge.getField("sum").setLong(null, 0);
        c.call("t.Huge", "register", MILLION);
        assertEquals((long) MILLION, huge.getField("ran").getLong(null), "every entry ran once");
        assertEquals(MILLION * (MILLION - 1L) / 2, huge.getField("sum").getLong(null), "with its own captures");
    }

    @Test
    void aMillionEntries_onAPlatformThread_leaveASmallFrameInItsCache_C4() throws Throwable {
        Compilation c = program();
        FrameSemanticsTest.onFreshThread(() -> {
            registerAMillion(c);
            assertEquals(1, PoolProbe.cachedFrames());
            assertEquals(3 * INITIAL, PoolProbe.cachedCapacity(), "the grown stacks were dropped, not pooled");
            c.call("t.Huge", "register", RETAINED);
            // one frame site: an entry is its long and its String, no site id (OneLayoutEntries), and
            // entry 0 stays in locals, so RETAINED - 1 entries fill both value stacks to RETAINED
            assertEquals(2 * RETAINED + INITIAL, PoolProbe.cachedCapacity(),
                    "stacks up to the retained capacity are kept, so such calls stop allocating");
        });
    }

    @Test
    void aMillionCompactEntries_onAPlatformThread_leaveASmallFrameInItsCache_C4() throws Throwable {
        Compilation c = program();
        Class<?> huge = c.load("t.Huge");
        FrameSemanticsTest.onFreshThread(() -> {
            huge.getField("sum").setLong(null, 0);
            c.call("t.Huge", "registerCompact", MILLION);
            assertEquals(MILLION * (MILLION - 1L) / 2, huge.getField("sum").getLong(null), "every entry ran with its own capture");
            assertEquals(3 * INITIAL, PoolProbe.cachedCapacity(), "the grown primitive stack was dropped, not pooled");
            Object[] items = new Object[MILLION];
            java.util.Arrays.fill(items, "x");
            c.call("t.Huge", "registerCompactRefs", (Object) items);
            assertEquals(3 * INITIAL, PoolProbe.cachedCapacity(), "the grown reference stack was dropped, not pooled");
            c.call("t.Huge", "registerCompact", RETAINED);
            assertEquals(2 * INITIAL + RETAINED, PoolProbe.cachedCapacity(), "a stack up to the retained capacity is kept");
        });
    }

    @Test
    void aMillionEntries_onAVirtualThread_leaveOnlySmallFramesInTheSharedPool_C4() throws Throwable {
        Compilation c = program();
        VirtualThreads.runOnVirtualThread(() -> {
            registerAMillion(c);
            int slots = PoolProbe.constant(FramePool.class, "SHARED_SLOTS");
            assertTrue(PoolProbe.sharedPooled() >= 1 && PoolProbe.sharedPooled() <= slots, "pooled " + PoolProbe.sharedPooled());
            assertTrue(PoolProbe.sharedLargestFrame() <= 3 * RETAINED, "largest pooled frame: " + PoolProbe.sharedLargestFrame() + " slots");
            assertTrue(PoolProbe.sharedCapacity() <= slots * 3 * RETAINED, "whole pool: " + PoolProbe.sharedCapacity() + " slots");
        });
    }
}
