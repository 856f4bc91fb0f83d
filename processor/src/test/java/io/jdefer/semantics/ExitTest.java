package io.jdefer.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jdefer.testing.Compilation;
import io.jdefer.testing.Programs;
import io.jdefer.testing.Trace;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SPEC S1 (registration), S2 (exit, LIFO), S6 (completion), on the open-coded and frame lowerings. */
class ExitTest {
    static final String PROGRAM = """
            package t;
            import static io.jdefer.Defers.*;
            import io.jdefer.*;
            import io.jdefer.testing.Trace;

            @Deferred(Strategy.STRATEGY)
            public class Exits {
                static final class Res {
                    final String name;
                    Res(String name) { this.name = name; }
                    void close() { Trace.log("close " + name); }
                }
                static Res field = new Res("field");
                static Res make(String name) { Trace.log("make " + name); return new Res(name); }

                static void lifo() {
                    defer(() -> Trace.log("first registered"));
                    defer(() -> Trace.log("second registered"));
                    defer(() -> Trace.log("third registered"));
                    Trace.log("body");
                }

                static int conditional(int n) {
                    if (n > 0) defer(() -> Trace.log("positive"));
                    if (n > 10) defer(() -> Trace.log("large"));
                    if (n < 0) { defer(() -> Trace.log("negative")); return -1; }
                    if (n == 0) return 0;
                    Trace.log("body");
                    return n * 2;
                }

                static void receiverAtRegistration() {
                    Res r = new Res("a");
                    defer(r::close);
                    r = new Res("b");
                    defer(field::close);
                    field = new Res("changed");
                    defer(make("made")::close);
                    Trace.log("body " + r.name);
                }

                static void nullReceiver() {
                    defer(() -> Trace.log("before the null"));
                    Res none = null;
                    defer(none::close);
                    Trace.log("not reached");
                }

                static void existingAction(Action<RuntimeException> action) {
                    defer(action);
                    Trace.log("body");
                }

                public static RuntimeException thrown = new IllegalStateException("boom");
                static void throwing() {
                    defer(() -> Trace.log("runs on exception"));
                    throw thrown;
                }

                static void error() {
                    defer(() -> Trace.log("runs on error"));
                    throw new AssertionError("an Error");
                }

                static void userFinally() {
                    defer(() -> Trace.log("deferred"));
                    try {
                        defer(() -> Trace.log("deferred in try"));
                        Trace.log("try");
                    } finally {
                        Trace.log("finally");
                    }
                    Trace.log("after try");
                }

                static long longs(long a, double d) {
                    defer(() -> Trace.log("long " + a + " " + d));
                    if (a < 0) return Long.MIN_VALUE;
                    return a * 3 + (long) d;
                }

                static double doubles(double d) {
                    defer(() -> Trace.log("double"));
                    return d / 2;
                }

                static String object(String s) {
                    defer(() -> Trace.log("object"));
                    return s + "!";
                }

                static synchronized int manyReturns(int n) {
                    defer(() -> Trace.log("exit " + n));
                    switch (n) {
                        case 0: return 10;
                        case 1: return 11;
                        case 2: return 12;
                        default:
                            try { return Integer.parseInt("x" + n); }
                            catch (NumberFormatException e) { return -n; }
                    }
                }

                static String captures(int i, long l, float f, double d, boolean z, char c, byte b, short s, String str, int[] arr) {
                    defer(() -> Trace.log(i + " " + l + " " + f + " " + d + " " + z + " " + c + " " + b + " " + s + " " + str + " " + arr[0]));
                    return "ok";
                }

                static void nested() {
                    defer(() -> {
                        Trace.log("outer action");
                        inner();
                    });
                    Trace.log("outer body");
                }

                static void inner() {
                    defer(() -> Trace.log("inner action"));
                    Trace.log("inner body");
                }
            }
            """;

    @BeforeEach
    void clearTrace() {
        Trace.take();
    }

    static Compilation program(String strategy) {
        return Programs.compile(PROGRAM, strategy);
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void actions_runInReverseRegistrationOrder_afterTheBody_S2(String strategy) throws Throwable {
        program(strategy).call("t.Exits", "lifo");
        assertEquals(List.of("body", "third registered", "second registered", "first registered"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void onlyExecutedRegistrations_run_onEveryReturn_S2(String strategy) throws Throwable {
        Compilation c = program(strategy);
        assertEquals(-1, c.call("t.Exits", "conditional", -5));
        assertEquals(List.of("negative"), Trace.take());
        assertEquals(0, c.call("t.Exits", "conditional", 0));
        assertEquals(List.of(), Trace.take());
        assertEquals(10, c.call("t.Exits", "conditional", 5));
        assertEquals(List.of("body", "positive"), Trace.take());
        assertEquals(40, c.call("t.Exits", "conditional", 20));
        assertEquals(List.of("body", "large", "positive"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void methodReferenceReceiver_isEvaluatedAtRegistration_S1(String strategy) throws Throwable {
        program(strategy).call("t.Exits", "receiverAtRegistration");
        assertEquals(List.of("make made", "body b", "close made", "close field", "close a"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void nullReceiver_throwsAtTheDeferSite_andEarlierActionsRun_S1(String strategy) {
        NullPointerException e = assertThrows(NullPointerException.class, () -> program(strategy).call("t.Exits", "nullReceiver"));
        assertEquals(List.of("before the null"), Trace.take());
        assertEquals("nullReceiver", e.getStackTrace()[e.getStackTrace()[0].getClassName().equals("java.util.Objects") ? 1 : 0].getMethodName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void existingActionObject_isRun_andNullIsRejectedAtRegistration_S1(String strategy) throws Throwable {
        Compilation c = program(strategy);
        io.jdefer.Action<RuntimeException> action = () -> Trace.log("existing");
        c.call("t.Exits", "existingAction", action);
        assertEquals(List.of("body", "existing"), Trace.take());
        assertThrows(NullPointerException.class, () -> c.call("t.Exits", "existingAction", (Object) null));
        assertEquals(List.of(), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void exceptionExit_runsActions_andRethrowsTheSameObject_S2_S6(String strategy) throws Throwable {
        Compilation c = program(strategy);
        Object expected = c.load("t.Exits").getDeclaredField("thrown").get(null);
        Throwable e = assertThrows(IllegalStateException.class, () -> c.call("t.Exits", "throwing"));
        assertSame(expected, e);
        assertEquals(List.of("runs on exception"), Trace.take());
        assertEquals(0, e.getSuppressed().length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void errors_runActions_likeGoPanics_S2(String strategy) {
        assertThrows(AssertionError.class, () -> program(strategy).call("t.Exits", "error"));
        assertEquals(List.of("runs on error"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void userFinally_runsBeforeActions_andActionsInTryWaitForMethodExit_S2(String strategy) throws Throwable {
        program(strategy).call("t.Exits", "userFinally");
        assertEquals(List.of("try", "finally", "after try", "deferred in try", "deferred"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void returnValues_ofEveryType_arePreserved_S6(String strategy) throws Throwable {
        Compilation c = program(strategy);
        assertEquals(3 * 7L + 2, c.call("t.Exits", "longs", 7L, 2.5));
        assertEquals(Long.MIN_VALUE, c.call("t.Exits", "longs", -1L, 0.0));
        assertEquals(1.25, c.call("t.Exits", "doubles", 2.5));
        assertEquals("x!", c.call("t.Exits", "object", "x"));
        assertEquals(List.of("long 7 2.5", "long -1 0.0", "double", "object"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void everyReturnOfASynchronizedMethod_goesThroughTheActions_S2(String strategy) throws Throwable {
        Compilation c = program(strategy);
        assertEquals(10, c.call("t.Exits", "manyReturns", 0));
        assertEquals(11, c.call("t.Exits", "manyReturns", 1));
        assertEquals(12, c.call("t.Exits", "manyReturns", 2));
        assertEquals(-3, c.call("t.Exits", "manyReturns", 3));
        assertEquals(List.of("exit 0", "exit 1", "exit 2", "exit 3"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void capturedValuesOfEveryType_reachTheAction_S1(String strategy) throws Throwable {
        assertEquals("ok", program(strategy).call("t.Exits", "captures", 1, 2L, 3.5f, 4.25, true, 'c', (byte) 5, (short) 6, "s", new int[] {7}));
        assertEquals(List.of("1 2 3.5 4.25 true c 5 6 s 7"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void eachInvocation_hasItsOwnActions_S10(String strategy) throws Throwable {
        program(strategy).call("t.Exits", "nested");
        assertEquals(List.of("outer body", "outer action", "inner body", "inner action"), Trace.take());
    }
}
