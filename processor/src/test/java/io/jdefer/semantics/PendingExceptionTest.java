package io.jdefer.semantics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jdefer.testing.Compilation;
import io.jdefer.testing.Programs;
import io.jdefer.testing.Trace;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SPEC S3 (deferOnError, deferOnSuccess) and S4 (the pending exception), on both lowerings. */
class PendingExceptionTest {
    static final String PROGRAM = """
            package t;
            import static io.jdefer.Defers.*;
            import io.jdefer.*;
            import io.jdefer.testing.Trace;

            @Deferred(Strategy.STRATEGY)
            public class Pending {
                static void commitOrRollback(boolean fail) {
                    deferOnSuccess(() -> Trace.log("commit"));
                    deferOnError(() -> Trace.log("rollback"));
                    defer(() -> Trace.log("always"));
                    if (fail) throw new IllegalStateException("fail");
                    Trace.log("body");
                }

                static void laterActionFails() {
                    deferOnError(() -> Trace.log("rollback sees the action's failure"));
                    deferOnSuccess(() -> Trace.log("commit must not run"));
                    defer(() -> { throw new IllegalArgumentException("action failed"); });
                    Trace.log("body");
                }

                static void suppressed() {
                    defer(() -> { Trace.log("first"); throw new IllegalStateException("first action"); });
                    defer(() -> { Trace.log("second"); throw new IllegalArgumentException("second action"); });
                    throw new UnsupportedOperationException("body");
                }

                static int normalThenActionThrows() {
                    defer(() -> Trace.log("still runs"));
                    defer(() -> { throw new IllegalStateException("action"); });
                    defer(() -> Trace.log("runs first"));
                    return 42;
                }

                public static final RuntimeException SAME = new IllegalStateException("same");
                static void sameThrownTwice() {
                    defer(() -> { throw SAME; });
                    throw SAME;
                }

                static void errorInAction() {
                    defer(() -> Trace.log("after the error"));
                    defer(() -> { throw new AssertionError("error in action"); });
                }
            }
            """;

    @BeforeEach
    void clearTrace() {
        Trace.take();
    }

    private static Compilation program(String strategy) {
        return Programs.compile(PROGRAM, strategy);
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void onSuccessRuns_onErrorSkipped_onNormalReturn_S3(String strategy) throws Throwable {
        program(strategy).call("t.Pending", "commitOrRollback", false);
        assertEquals(List.of("body", "always", "commit"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void onErrorRuns_onSuccessSkipped_whenTheBodyThrows_S3(String strategy) {
        assertThrows(IllegalStateException.class, () -> program(strategy).call("t.Pending", "commitOrRollback", true));
        assertEquals(List.of("always", "rollback"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void onError_seesAnExceptionThrownByALaterRegisteredAction_S3(String strategy) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> program(strategy).call("t.Pending", "laterActionFails"));
        assertEquals("action failed", e.getMessage());
        assertEquals(List.of("body", "rollback sees the action's failure"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void actionFailures_areSuppressedByThePendingException_inOrder_andAllActionsRun_S4(String strategy) {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> program(strategy).call("t.Pending", "suppressed"));
        assertEquals("body", e.getMessage());
        assertEquals(List.of("second", "first"), Trace.take());
        assertArrayEquals(new String[] {"second action", "first action"},
                Arrays.stream(e.getSuppressed()).map(Throwable::getMessage).toArray(String[]::new));
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void actionFailure_onNormalReturn_becomesTheException_andRemainingActionsRun_S4_S6(String strategy) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> program(strategy).call("t.Pending", "normalThenActionThrows"));
        assertEquals("action", e.getMessage());
        assertEquals(List.of("runs first", "still runs"), Trace.take());
        assertEquals(0, e.getSuppressed().length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void theSameExceptionThrownTwice_isNotSelfSuppressed_S4(String strategy) throws Exception {
        Compilation c = program(strategy);
        Object same = c.load("t.Pending").getField("SAME").get(null);
        Throwable e = assertThrows(IllegalStateException.class, () -> c.call("t.Pending", "sameThrownTwice"));
        assertSame(same, e);
        assertEquals(0, e.getSuppressed().length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void anErrorThrownByAnAction_doesNotStopTheNextAction_S4(String strategy) {
        assertThrows(AssertionError.class, () -> program(strategy).call("t.Pending", "errorInAction"));
        assertEquals(List.of("after the error"), Trace.take());
    }
}
