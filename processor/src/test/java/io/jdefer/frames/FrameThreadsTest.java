package io.jdefer.frames;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.runtime.FramePool;
import io.jdefer.testing.Compilation;
import io.jdefer.testing.Programs;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPEC S10 and C4 under load: many threads run frame methods at once, with recursion, exceptions
 * midway and (on virtual threads) a yield while the frame holds entries, so that the invocation
 * resumes on another carrier while other virtual threads borrow from the shared pool. Every
 * invocation's actions are counted exactly, checked for LIFO order against the invocation's own
 * registrations, and checked to carry the invocation's own thread's values.
 */
class FrameThreadsTest {
    static final String PROGRAM = """
            package t;
            import static io.jdefer.Defers.*;
            import io.jdefer.*;

            @Deferred
            public class Hammer {
                /** Confined to one thread: what that thread's actions saw. */
                public static final class State {
                    final long token;
                    int registered;
                    public long sum;
                    public long actions;
                    public int errors;
                    public State(long token) { this.token = token; }
                    void ran(int expectedRegistered, long value) {
                        if (registered != expectedRegistered || value / 1_000_000L != token) errors++;
                        registered--;
                        sum += value;
                        actions++;
                    }
                    public int registered() { return registered; }
                }

                /**
                 * Registers n entries, one per iteration; recurses at the second iteration, once it
                 * holds a frame (depth times), yields halfway, throws after the entry of iteration throwAt.
                 */
                public static void call(State s, int n, int throwAt, boolean yield, int depth) {
                    int base = s.registered;
                    for (int i = 0; i < n; i++) {
                        int expected = base + i + 1;
                        long value = s.token * 1_000_000L + i;
                        s.registered++;
                        defer(() -> s.ran(expected, value));
                        if (yield && i == n / 2) Thread.yield();
                        if (depth > 0 && i == 1) call(s, n, -1, yield, depth - 1);
                        if (i == throwAt) throw new IllegalStateException("at " + i);
                    }
                }
            }
            """;

    private static Compilation program;
    private static Constructor<?> newState;
    private static Method call;
    private static Field sum;
    private static Field actions;
    private static Field errors;
    private static Method registered;

    @BeforeAll
    static void compile() throws Exception {
        program = Programs.compile(PROGRAM, "AUTO");
        Class<?> state = program.load("t.Hammer$State");
        newState = state.getConstructor(long.class);
        call = program.load("t.Hammer").getMethod("call", state, int.class, int.class, boolean.class, int.class);
        sum = state.getField("sum");
        actions = state.getField("actions");
        errors = state.getField("errors");
        registered = state.getMethod("registered");
    }

    /** What one thread's calls should add up to. */
    static final class Expected {
        long actions;
        long sum;
        long exceptions;

        /** Mirrors {@code Hammer.call}: the entries it registers before it returns or throws. */
        void add(long token, int n, int throwAt, int depth) {
            int registers = throwAt >= 0 && throwAt < n ? throwAt + 1 : n;
            for (int i = 0; i < registers; i++) {
                actions++;
                sum += token * 1_000_000L + i;
            }
            if (depth > 0 && n > 1) {
                add(token, n, -1, depth - 1);
            }
        }
    }

    /** One thread's work: {@code calls} calls with shapes derived from the token; returns a failure or null. */
    static String work(long token, int calls, boolean yield) {
        try {
            Object state = newState.newInstance(token);
            Expected expected = new Expected();
            for (int c = 0; c < calls; c++) {
                int n = (int) ((token + c) % 13);
                int throwAt = c % 5 == 0 ? n / 2 : -1;
                int depth = c % 4 == 0 ? 2 : 0;
                boolean yieldNow = yield && c % 3 == 0;
                expected.add(token, n, throwAt, depth);
                try {
                    call.invoke(null, state, n, throwAt, yieldNow, depth);
                    if (throwAt >= 0 && throwAt < n) {
                        return "token " + token + " call " + c + ": no exception";
                    }
                } catch (java.lang.reflect.InvocationTargetException e) {
                    if (!(e.getCause() instanceof IllegalStateException) || !(throwAt >= 0 && throwAt < n)) {
                        return "token " + token + " call " + c + ": " + e.getCause();
                    }
                    expected.exceptions++;
                }
            }
            String got = "actions " + actions.getLong(state) + " sum " + sum.getLong(state) + " errors " + errors.getInt(state)
                    + " left " + registered.invoke(state);
            String want = "actions " + expected.actions + " sum " + expected.sum + " errors 0 left 0";
            return got.equals(want) ? null : "token " + token + ": have " + got + ", want " + want;
        } catch (ReflectiveOperationException e) {
            return "token " + token + ": " + e;
        }
    }

    @Test
    void eightPlatformThreads_hammeringFrameMethods_countExactly_S10_C4() throws Exception {
        int threads = 8;
        int calls = 5_000;
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Integer> cachedAfter = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long token = 1 + t;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                String failure = work(token, calls, false);
                if (failure != null) {
                    failures.add(failure);
                }
                cachedAfter.add(PoolProbe.cachedFrames());
            });
            thread.start();
            started.add(thread);
        }
        start.countDown();
        for (Thread thread : started) {
            thread.join(TimeUnit.MINUTES.toMillis(1));
        }
        assertEquals(List.of(), new ArrayList<>(failures));
        int perThread = PoolProbe.constant(FramePool.class, "FRAMES_PER_THREAD");
        assertEquals(threads, cachedAfter.size());
        for (int cached : cachedAfter) {
            assertEquals(3, cached, "depth-2 recursion held 3 frames at once; each thread's cache kept them (at most " + perThread + ")");
        }
    }

    @Test
    void tenThousandVirtualThreads_yieldingInsideFrames_countExactly_S10_C4() throws Exception {
        VirtualThreads.assumeAvailable();
        int threads = 10_000;
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService executor = VirtualThreads.newPerTaskExecutor();
        try {
            for (int t = 0; t < threads; t++) {
                long token = 100 + t;
                executor.submit(() -> {
                    if (!FramePoolProbe.isVirtual()) {
                        failures.add("not a virtual thread: " + Thread.currentThread());
                    }
                    String failure = work(token, 6, true);
                    if (failure != null) {
                        failures.add(failure);
                    }
                });
            }
        } finally {
            executor.shutdown();
            assertTrue(executor.awaitTermination(2, TimeUnit.MINUTES), "virtual threads finished");
        }
        assertEquals(List.of(), new ArrayList<>(failures));
        int slots = PoolProbe.constant(FramePool.class, "SHARED_SLOTS");
        int pooled = PoolProbe.sharedPooled();
        assertTrue(pooled > 0 && pooled <= slots, "the shared pool holds between 1 and " + slots + " frames: " + pooled);
    }

    /** Whether the calling thread is virtual, asked the way the runtime asks (a test hook would be overkill). */
    static final class FramePoolProbe {
        static boolean isVirtual() {
            try {
                Method isVirtual = FramePool.class.getDeclaredMethod("isVirtual", Thread.class);
                isVirtual.setAccessible(true);
                return (boolean) isVirtual.invoke(null, Thread.currentThread());
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
    }
}
