package io.jdefer.frames;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.testing.Bytecodes;
import io.jdefer.testing.Compilation;
import io.jdefer.testing.Programs;
import io.jdefer.testing.Trace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SPEC S1–S6, S9, S10 on the frame lowering (C4): loops of registrations, every captured type,
 * exceptions in the body and in the epilogue, recursion and re-entrancy, and the pool lending and
 * taking back its frames on every exit. Each program is compiled {@code AUTO} (the loops make it a
 * frame) and {@code FRAME}; the classification itself is {@link StrategyClassificationTest}'s.
 */
class FrameSemanticsTest {
    static final String PROGRAM = """
            package t;
            import static io.jdefer.Defers.*;
            import io.jdefer.*;
            import io.jdefer.testing.Trace;
            import java.util.List;

            @Deferred(Strategy.STRATEGY)
            public class Loops {
                static final class Res {
                    final String name;
                    Res(String name) { this.name = name; }
                    void close() { Trace.log("close " + name); }
                }

                /** The Go spec's example: for i := 0; i < 5; i++ { defer fmt.Print(i) } prints 43210. */
                static void goSpecExample() {
                    for (int i = 0; i < 5; i++) {
                        int k = i;
                        defer(() -> Trace.log(k));
                    }
                }

                static void nothingRegistered(int n) {
                    for (int i = 0; i < n; i++) {
                        int k = i;
                        defer(() -> Trace.log("never " + k));
                    }
                    Trace.log("body");
                }

                static void mixedKinds(int n, boolean fail) {
                    defer(() -> Trace.log("static defer"));
                    deferOnSuccess(() -> Trace.log("static onSuccess"));
                    for (int i = 0; i < n; i++) {
                        int k = i;
                        deferOnError(() -> Trace.log("onError " + k));
                        deferOnSuccess(() -> Trace.log("onSuccess " + k));
                        defer(() -> Trace.log("defer " + k));
                    }
                    deferOnError(() -> Trace.log("static onError"));
                    if (fail) throw new IllegalStateException("fail");
                }

                static void primitives(boolean[] zs, byte[] bs, char[] cs, short[] ss, int[] is, long[] ls, float[] fs, double[] ds) {
                    for (int i = 0; i < zs.length; i++) {
                        boolean z = zs[i]; byte b = bs[i]; char c = cs[i]; short s = ss[i];
                        int n = is[i]; long l = ls[i]; float f = fs[i]; double d = ds[i];
                        defer(() -> Trace.log(z + " " + b + " " + (int) c + " " + s + " " + n + " " + l
                                + " " + Integer.toHexString(Float.floatToRawIntBits(f))
                                + " " + Long.toHexString(Double.doubleToRawLongBits(d))));
                    }
                }

                /** Captures interleaved by kind in one entry: refs and prims must come back to their own slots. */
                static void interleaved(int n) {
                    for (int i = 0; i < n; i++) {
                        String a = "a" + i; long l = 1000L * i; Object o = i % 2 == 0 ? null : "o" + i; double d = i / 4.0; int[] arr = {i, -i};
                        defer(() -> Trace.log(a + " " + l + " " + o + " " + d + " " + arr[0] + "," + arr[1]));
                    }
                }

                static <T extends Comparable<T>> void generic(List<T> items, T pivot) {
                    for (T item : items) {
                        defer(() -> Trace.log(item + " vs " + pivot + " = " + Integer.signum(item.compareTo(pivot))));
                    }
                }

                static <E> void erasedToObject(E[] items) {
                    for (E item : items) {
                        E[] all = items;
                        defer(() -> Trace.log(item + " of " + all.length));
                    }
                }

                static void arrays(int[][] grid, String[] names) {
                    for (int row = 0; row < grid.length; row++) {
                        int[] cells = grid[row];
                        String name = names[row];
                        defer(() -> Trace.log(name + "=" + java.util.Arrays.toString(cells)));
                    }
                    grid[0][0] = 99;
                }

                final String label;
                Loops(String label, int n) {
                    this.label = label;
                    for (int i = 0; i < n; i++) {
                        int k = i;
                        defer(() -> Trace.log(this.label + " ctor " + k));
                    }
                    Trace.log("ctor body");
                }

                void instance(int n) {
                    for (int i = 0; i < n; i++) {
                        int k = i;
                        defer(() -> Trace.log(label + " " + k));
                    }
                }

                static void methodRefs(List<Res> resources) {
                    for (Res r : resources) {
                        defer(r::close);
                    }
                    Trace.log("body");
                }

                static void deferLocals(int n) {
                    for (int i = 0; i < n; i++) {
                        @Defer Res r = new Res("local " + i);
                        Trace.log("using " + r.name);
                    }
                }

                public static final RuntimeException MIDWAY = new IllegalArgumentException("midway");
                static void throwsMidway(int n, int at) {
                    for (int i = 0; i < n; i++) {
                        int k = i;
                        defer(() -> Trace.log("registered " + k));
                        if (i == at) throw MIDWAY;
                    }
                }

                static void actionsThrow(int n, boolean bodyThrows) {
                    for (int i = 0; i < n; i++) {
                        int k = i;
                        defer(() -> {
                            Trace.log("action " + k);
                            if (k % 2 == 1) throw new ArithmeticException("action " + k);
                        });
                    }
                    if (bodyThrows) throw new IllegalStateException("body");
                }

                static void recovers(int n) {
                    for (int i = 0; i < n; i++) {
                        int k = i;
                        defer(() -> {
                            Throwable t = recover();
                            Trace.log("recover " + k + " " + (t == null ? "nothing" : t.getMessage()));
                        });
                    }
                    throw new IllegalStateException("to recover");
                }

                static void labeled(int n) {
                    outer:
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < n; j++) {
                            if (j > i) continue outer;
                            if (i == 3) break outer;
                            int k = i * 10 + j;
                            defer(() -> Trace.log(k));
                        }
                    }
                }

                static void finallyInLoop(int n) {
                    for (int i = 0; i < n; i++) {
                        int k = i;
                        try {
                            if (k == 1) continue;
                            if (k == 2) throw new RuntimeException("swallowed by the finally's return? no: caught below");
                            Trace.log("try " + k);
                        } catch (RuntimeException e) {
                            Trace.log("caught " + k);
                        } finally {
                            defer(() -> Trace.log("finally " + k));
                        }
                    }
                }

                static Runnable lambdaWithLoop(int n) {
                    return () -> {
                        for (int i = 0; i < n; i++) {
                            int k = i;
                            defer(() -> Trace.log("in lambda " + k));
                        }
                        Trace.log("lambda body");
                    };
                }

                static void caughtInsideTheLoop(int n) {
                    for (int i = 0; i < n; i++) {
                        int k = i;
                        deferOnError(() -> Trace.log("onError " + k));
                        deferOnSuccess(() -> Trace.log("onSuccess " + k));
                        try {
                            throw new IllegalStateException("caught " + k);
                        } catch (IllegalStateException e) {
                            Trace.log(e.getMessage());
                        }
                    }
                }

                static void onExit() {
                    Throwable t = recover();
                    Trace.log("onExit " + (t == null ? "nothing" : t.getMessage()));
                }

                static int recoversThroughAMethodReference(int n) {
                    for (int i = 0; i < n; i++) {
                        defer(Loops::onExit);
                    }
                    if (n > 0) throw new IllegalStateException("by reference");
                    return 7;
                }

                static long recoveredLong(int n) {
                    for (int i = 0; i < n; i++) {
                        int k = i;
                        defer(() -> Trace.log("long " + k + " " + (recover() != null)));
                    }
                    if (n > 0) throw new IllegalStateException();
                    return 42L;
                }

                static double recoveredDouble(int n) {
                    for (int i = 0; i < n; i++) {
                        defer(() -> recover());
                    }
                    if (n > 0) throw new IllegalStateException();
                    return 4.5;
                }

                interface Api {
                    static int inInterface(int n) {
                        for (int i = 0; i < n; i++) {
                            int k = i;
                            defer(() -> Trace.log("interface " + k));
                        }
                        return n;
                    }
                }

                static int recursive(int depth) {
                    // one entry more than the locals keep (D32): each level borrows a frame
                    for (int i = 0; i < 5; i++) {
                        int k = i;
                        defer(() -> Trace.log("depth " + depth + " entry " + k));
                    }
                    return depth == 0 ? 0 : 1 + recursive(depth - 1);
                }

                static void reentrant(int n) {
                    for (int i = 0; i < n; i++) {
                        int k = i;
                        defer(() -> {
                            Trace.log("outer " + k);
                            inner(k);
                        });
                    }
                }

                static void inner(int k) {
                    for (int j = 0; j < 5; j++) {
                        int m = j;
                        defer(() -> Trace.log("  inner " + k + "." + m));
                    }
                }
            }
            """;

    @BeforeEach
    void clearTrace() {
        Trace.take();
    }

    static Compilation program(String strategy) {
        Compilation c = Programs.compile(PROGRAM, strategy);
        assertTrue(Bytecodes.poolCalls(Bytecodes.method(c.bytes("t.Loops"), "goSpecExample")).contains("take"),
                "the program runs on frames");
        return c;
    }

    /** Calls a method on a fresh platform thread, so that the pool state seen before and after is that thread's alone. */
    static void onFreshThread(ThrowingRunnable body) throws Throwable {
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

    interface ThrowingRunnable {
        void run() throws Throwable;
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "FRAME"})
    void goSpecExample_runsLastRegisteredFirst_S2(String strategy) throws Throwable {
        program(strategy).call("t.Loops", "goSpecExample");
        assertEquals(List.of("4", "3", "2", "1", "0"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "FRAME"})
    void callRegisteringNothing_neverTouchesThePool_C4(String strategy) throws Throwable {
        Compilation c = program(strategy);
        onFreshThread(() -> {
            assertEquals(-1, PoolProbe.cachedFrames(), "a fresh thread has no frame cache");
            c.call("t.Loops", "nothingRegistered", 0);
            assertEquals(-1, PoolProbe.cachedFrames(), "no registration, no frame: the thread still has no cache");
            c.call("t.Loops", "nothingRegistered", 1);
            assertEquals(-1, PoolProbe.cachedFrames(), "one registration of a compact site stays in a local (docs/frames.md)");
            c.call("t.Loops", "nothingRegistered", 4);
            assertEquals(-1, PoolProbe.cachedFrames(), "so do four (D32)");
            c.call("t.Loops", "nothingRegistered", 5);
            assertEquals(1, PoolProbe.cachedFrames(), "the fifth registration took a frame, the exit gave it back");
        });
        assertEquals(List.of("body", "body", "never 0", "body", "never 3", "never 2", "never 1", "never 0",
                "body", "never 4", "never 3", "never 2", "never 1", "never 0"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "FRAME"})
    void staticAndDynamicSites_ofEveryKind_shareOneLifoOrder_S2_S3(String strategy) throws Throwable {
        Compilation c = program(strategy);
        c.call("t.Loops", "mixedKinds", 2, false);
        assertEquals(List.of("defer 1", "onSuccess 1", "defer 0", "onSuccess 0", "static onSuccess", "static defer"), Trace.take());
        assertThrows(IllegalStateException.class, () -> c.call("t.Loops", "mixedKinds", 2, true));
        assertEquals(List.of("static onError", "defer 1", "onError 1", "defer 0", "onError 0", "static defer"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "FRAME"})
    void everyPrimitiveType_isCapturedBitForBit_perIteration_C4(String strategy) throws Throwable {
        float quietNaNWithPayload = Float.intBitsToFloat(0x7fc00123);
        double doubleNaNWithPayload = Double.longBitsToDouble(0x7ff8000000000abcL);
        program(strategy).call("t.Loops", "primitives",
                new boolean[] {true, false, true},
                new byte[] {Byte.MIN_VALUE, -1, Byte.MAX_VALUE},
                new char[] {'\0', 'x', '\uffff'},
                new short[] {Short.MIN_VALUE, -1, Short.MAX_VALUE},
                new int[] {Integer.MIN_VALUE, -1, Integer.MAX_VALUE},
                new long[] {Long.MIN_VALUE, -1L, Long.MAX_VALUE},
                new float[] {-0.0f, quietNaNWithPayload, Float.MIN_VALUE},
                new double[] {-0.0, doubleNaNWithPayload, Double.NEGATIVE_INFINITY});
        assertEquals(List.of(
                "true 127 65535 32767 2147483647 9223372036854775807 1 fff0000000000000",
                "false -1 120 -1 -1 -1 7fc00123 7ff8000000000abc",
                "true -128 0 -32768 -2147483648 -9223372036854775808 80000000 8000000000000000"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "FRAME"})
    void capturesOfMixedKinds_comeBackToTheirOwnEntry_C4(String strategy) throws Throwable {
        program(strategy).call("t.Loops", "interleaved", 4);
        assertEquals(List.of("a3 3000 o3 0.75 3,-3", "a2 2000 null 0.5 2,-2", "a1 1000 o1 0.25 1,-1", "a0 0 null 0.0 0,0"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "FRAME"})
    void typeVariables_andArrays_areCaptured_C4(String strategy) throws Throwable {
        Compilation c = program(strategy);
        c.call("t.Loops", "generic", List.of(1, 5, 3), 3);
        assertEquals(List.of("3 vs 3 = 0", "5 vs 3 = 1", "1 vs 3 = -1"), Trace.take());
        c.call("t.Loops", "erasedToObject", (Object) new String[] {"x", "y"});
        assertEquals(List.of("y of 2", "x of 2"), Trace.take());
        int[][] grid = {{1, 2}, {3}};
        c.call("t.Loops", "arrays", grid, new String[] {"r0", "r1"});
        assertEquals(List.of("r1=[3]", "r0=[99, 2]"), Trace.take(), "the array object is captured, not a copy (S1)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "FRAME"})
    void constructors_andInstanceMethods_useFrames_S8(String strategy) throws Throwable {
        Compilation c = program(strategy);
        java.lang.reflect.Constructor<?> constructor = c.load("t.Loops").getDeclaredConstructor(String.class, int.class);
        constructor.setAccessible(true);
        Object loops = constructor.newInstance("L", 2);
        assertEquals(List.of("ctor body", "L ctor 1", "L ctor 0"), Trace.take());
        java.lang.reflect.Method instance = c.load("t.Loops").getDeclaredMethod("instance", int.class);
        instance.setAccessible(true);
        instance.invoke(loops, 3);
        assertEquals(List.of("L 2", "L 1", "L 0"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "FRAME"})
    void methodReferences_andDeferLocals_inLoops_S1_S9(String strategy) throws Throwable {
        Compilation c = program(strategy);
        Class<?> res = c.load("t.Loops$Res");
        java.lang.reflect.Constructor<?> make = res.getDeclaredConstructor(String.class);
        make.setAccessible(true);
        List<Object> resources = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            resources.add(make.newInstance(name));
        }
        c.call("t.Loops", "methodRefs", resources);
        assertEquals(List.of("body", "close c", "close b", "close a"), Trace.take());

        resources.set(1, null);
        assertThrows(NullPointerException.class, () -> c.call("t.Loops", "methodRefs", resources));
        assertEquals(List.of("close a"), Trace.take(), "the null receiver throws at its registration; the earlier entry runs");

        c.call("t.Loops", "deferLocals", 3);
        assertEquals(List.of("using local 0", "using local 1", "using local 2", "close local 2", "close local 1", "close local 0"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "FRAME"})
    void exceptionMidwayThroughALoop_runsExactlyTheEntriesRegisteredSoFar_S2_S6(String strategy) throws Throwable {
        Compilation c = program(strategy);
        Object midway = c.load("t.Loops").getField("MIDWAY").get(null);
        Throwable e = assertThrows(IllegalArgumentException.class, () -> c.call("t.Loops", "throwsMidway", 10, 2));
        assertSame(midway, e);
        assertEquals(0, e.getSuppressed().length);
        assertEquals(List.of("registered 2", "registered 1", "registered 0"), Trace.take());
        assertThrows(IllegalArgumentException.class, () -> c.call("t.Loops", "throwsMidway", 10, 0));
        assertEquals(List.of("registered 0"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "FRAME"})
    void actionsThrowing_inTheFrameEpilogue_theRestStillRun_andSuppress_S4_S6(String strategy) throws Throwable {
        Compilation c = program(strategy);
        ArithmeticException first = assertThrows(ArithmeticException.class, () -> c.call("t.Loops", "actionsThrow", 5, false));
        assertEquals(List.of("action 4", "action 3", "action 2", "action 1", "action 0"), Trace.take());
        assertEquals("action 3", first.getMessage(), "the first action to throw becomes P");
        assertEquals(List.of("action 1"), Arrays.stream(first.getSuppressed()).map(Throwable::getMessage).toList());

        Throwable pending = assertThrows(IllegalStateException.class, () -> c.call("t.Loops", "actionsThrow", 4, true));
        assertEquals("body", pending.getMessage(), "the body's exception stays P");
        assertEquals(List.of("action 3", "action 1"), Arrays.stream(pending.getSuppressed()).map(Throwable::getMessage).toList());
        assertEquals(List.of("action 3", "action 2", "action 1", "action 0"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "FRAME"})
    void recover_inALoopAction_clearsThePendingException_once_S5_S6(String strategy) throws Throwable {
        program(strategy).call("t.Loops", "recovers", 3);
        assertEquals(List.of("recover 2 to recover", "recover 1 nothing", "recover 0 nothing"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "FRAME"})
    void labeledBreakAndContinue_registerOncePerExecution_S2(String strategy) throws Throwable {
        program(strategy).call("t.Loops", "labeled", 5);
        assertEquals(List.of("22", "21", "20", "11", "10", "0"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "FRAME"})
    void siteInAFinallyInALoop_registersOncePerIteration_onEveryPathThroughTheFinally_S2(String strategy) throws Throwable {
        program(strategy).call("t.Loops", "finallyInLoop", 4);
        assertEquals(List.of("try 0", "caught 2", "try 3", "finally 3", "finally 2", "finally 1", "finally 0"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "FRAME"})
    void aLambdaBodyWithALoop_isItsOwnFrameScope_S8_C4(String strategy) throws Throwable {
        Runnable r = (Runnable) program(strategy).call("t.Loops", "lambdaWithLoop", 3);
        r.run();
        assertEquals(List.of("lambda body", "in lambda 2", "in lambda 1", "in lambda 0"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "FRAME"})
    void exceptionsCaughtInsideTheLoop_areNotPendingAtExit_S3_S4(String strategy) throws Throwable {
        program(strategy).call("t.Loops", "caughtInsideTheLoop", 2);
        assertEquals(List.of("caught 0", "caught 1", "onSuccess 1", "onSuccess 0"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "FRAME"})
    void recoveryOnAFrame_returnsTheDefaultValue_S5_S6(String strategy) throws Throwable {
        Compilation c = program(strategy);
        assertEquals(0L, c.call("t.Loops", "recoveredLong", 2));
        assertEquals(List.of("long 1 true", "long 0 false"), Trace.take());
        assertEquals(42L, c.call("t.Loops", "recoveredLong", 0));
        assertEquals(0.0, c.call("t.Loops", "recoveredDouble", 3));
        assertEquals(4.5, c.call("t.Loops", "recoveredDouble", 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "FRAME"})
    void recover_inAMethodReferenceTargetRegisteredInALoop_S5(String strategy) throws Throwable {
        Compilation c = program(strategy);
        assertEquals(0, c.call("t.Loops", "recoversThroughAMethodReference", 3));
        assertEquals(List.of("onExit by reference", "onExit nothing", "onExit nothing"), Trace.take());
        assertEquals(7, c.call("t.Loops", "recoversThroughAMethodReference", 0));
        c.call("t.Loops", "onExit");
        assertEquals(List.of("onExit nothing"), Trace.take(), "called directly, not as an action: recover() is null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "FRAME"})
    void staticInterfaceMethods_useFrames_S8(String strategy) throws Throwable {
        assertEquals(2, program(strategy).call("t.Loops$Api", "inInterface", 2));
        assertEquals(List.of("interface 1", "interface 0"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "FRAME"})
    void recursion_givesEachInvocationItsOwnFrame_evenDeeperThanTheThreadCache_S10(String strategy) throws Throwable {
        Compilation c = program(strategy);
        int depth = PoolProbe.constant(io.jdefer.runtime.FramePool.class, "FRAMES_PER_THREAD") + 2;
        onFreshThread(() -> {
            assertEquals(depth, c.call("t.Loops", "recursive", depth));
            assertEquals(PoolProbe.constant(io.jdefer.runtime.FramePool.class, "FRAMES_PER_THREAD"), PoolProbe.cachedFrames(),
                    "the cache kept as many frames as it holds; the deeper ones went to the garbage collector");
        });
        List<String> want = new ArrayList<>();
        for (int d = 0; d <= depth; d++) {
            for (int e = 4; e >= 0; e--) {
                want.add("depth " + d + " entry " + e);
            }
        }
        assertEquals(want, Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "FRAME"})
    void reentrancy_anActionCallingAFrameMethod_getsAnotherFrame_S10(String strategy) throws Throwable {
        Compilation c = program(strategy);
        onFreshThread(() -> {
            c.call("t.Loops", "reentrant", 5);
            assertEquals(2, PoolProbe.cachedFrames(), "outer and inner frames both went back");
        });
        List<String> want = new ArrayList<>();
        for (int k = 4; k >= 0; k--) {
            want.add("outer " + k);
            for (int m = 4; m >= 0; m--) {
                want.add("  inner " + k + "." + m);
            }
        }
        assertEquals(want, Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "FRAME"})
    void theFrame_isReleasedOnEveryExit_normalExceptionalAndThrowingActions_C4(String strategy) throws Throwable {
        Compilation c = program(strategy);
        onFreshThread(() -> {
            c.call("t.Loops", "goSpecExample");
            assertEquals(1, PoolProbe.cachedFrames());
            assertThrows(IllegalArgumentException.class, () -> c.call("t.Loops", "throwsMidway", 10, 3));
            assertEquals(1, PoolProbe.cachedFrames(), "released after an exception in the body");
            assertThrows(ArithmeticException.class, () -> c.call("t.Loops", "actionsThrow", 5, false));
            assertEquals(1, PoolProbe.cachedFrames(), "released after actions threw");
            assertThrows(IllegalStateException.class, () -> c.call("t.Loops", "actionsThrow", 5, true));
            assertEquals(1, PoolProbe.cachedFrames(), "released after both");
            c.call("t.Loops", "recovers", 2);
            assertEquals(1, PoolProbe.cachedFrames(), "released after a recovery");
            List<Object> withNull = new ArrayList<>(Arrays.asList(null, null));
            assertThrows(NullPointerException.class, () -> c.call("t.Loops", "methodRefs", withNull));
            assertEquals(1, PoolProbe.cachedFrames(), "a throw at the first registration's null check lends nothing");
            for (int i = 0; i < 100; i++) {
                assertThrows(IllegalArgumentException.class, () -> c.call("t.Loops", "throwsMidway", 10, 5));
            }
            assertEquals(1, PoolProbe.cachedFrames(), "no frame leaks over many exceptional exits");
            assertTrue(PoolProbe.cachedCapacity() <= 3 * 16, "the frame kept no more than one growth step: " + PoolProbe.cachedCapacity());
        });
        Trace.take();
    }

    @Test
    void aPooledFrame_keepsNoCapturedObjectAlive_C4() throws Throwable {
        Compilation c = program("AUTO");
        onFreshThread(() -> {
            Object big = new byte[1 << 20];
            java.lang.ref.WeakReference<Object> ref = new java.lang.ref.WeakReference<>(big);
            c.call("t.Loops", "erasedToObject", (Object) new Object[] {big, big, big, big, big}); // the fifth on the frame (D32)
            big = null;
            for (int i = 0; i < 20 && ref.get() != null; i++) {
                System.gc();
                Thread.sleep(10);
            }
            assertEquals(null, ref.get(), "the pooled frame dropped its captured references");
            assertEquals(1, PoolProbe.cachedFrames());
        });
        Trace.take();
    }

    /** {@code invokedynamic}s that make lambdas (string concatenation's are the program's own). */
    static long lambdaFactories(org.objectweb.asm.tree.MethodNode method) {
        long count = 0;
        for (org.objectweb.asm.tree.AbstractInsnNode insn : method.instructions) {
            if (insn instanceof org.objectweb.asm.tree.InvokeDynamicInsnNode
                    && ((org.objectweb.asm.tree.InvokeDynamicInsnNode) insn).bsm.getOwner().equals("java/lang/invoke/LambdaMetafactory")) {
                count++;
            }
        }
        return count;
    }

    @Test
    void capturedPrimitives_doNotBox_C4() {
        for (String strategy : List.of("AUTO", "FRAME")) {
            byte[] bytes = program(strategy).bytes("t.Loops");
            for (String name : List.of("primitives", "interleaved", "goSpecExample")) {
                List<String> boxing = new ArrayList<>();
                for (String owner : List.of("java/lang/Integer", "java/lang/Long", "java/lang/Float", "java/lang/Double", "java/lang/Boolean",
                        "java/lang/Byte", "java/lang/Character", "java/lang/Short")) {
                    Bytecodes.callsTo(Bytecodes.method(bytes, name), owner).stream().filter("valueOf"::equals).forEach(boxing::add);
                }
                assertEquals(List.of(), boxing, strategy + " " + name);
                assertEquals(0, lambdaFactories(Bytecodes.method(bytes, name)), strategy + " " + name + ": no lambda object is created");
            }
        }
    }
}
