package io.jdefer.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jdefer.testing.Bytecodes;
import io.jdefer.testing.Compilation;
import io.jdefer.testing.Programs;
import io.jdefer.testing.Trace;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SPEC S5 (recover) and S6 (completion after a recovery), on both lowerings. */
class RecoverTest {
    static final String PROGRAM = """
            package t;
            import static io.jdefer.Defers.*;
            import io.jdefer.*;
            import io.jdefer.testing.Trace;

            @Deferred(Strategy.STRATEGY)
            public class Recovering {
                static void log(Throwable t) { Trace.log(t == null ? "null" : t.getClass().getSimpleName() + ":" + t.getMessage()); }

                static int recoversInt() {
                    defer(() -> log(recover()));
                    throw new IllegalStateException("boom");
                }
                static long recoversLong() { defer(() -> recover()); throw new IllegalStateException(); }
                static double recoversDouble() { defer(() -> recover()); throw new IllegalStateException(); }
                static float recoversFloat() { defer(() -> recover()); throw new IllegalStateException(); }
                static boolean recoversBoolean() { defer(() -> recover()); throw new IllegalStateException(); }
                static char recoversChar() { defer(() -> recover()); throw new IllegalStateException(); }
                static byte recoversByte() { defer(() -> recover()); throw new IllegalStateException(); }
                static short recoversShort() { defer(() -> recover()); throw new IllegalStateException(); }
                static String recoversObject() { defer(() -> recover()); throw new IllegalStateException(); }
                static void recoversVoid() { defer(() -> recover()); throw new IllegalStateException(); }

                static int nothingPending() {
                    defer(() -> log(recover()));
                    return 7;
                }

                static void secondCallReturnsNull() {
                    defer(() -> { log(recover()); log(recover()); });
                    throw new IllegalStateException("once");
                }

                static int recoveredActionFailure_keepsTheReturnValue() {
                    defer(() -> log(recover()));
                    defer(() -> { throw new IllegalArgumentException("from action"); });
                    return 5;
                }

                static void onlyTheFirstRecovererGetsIt() {
                    defer(() -> log(recover()));
                    defer(() -> log(recover()));
                    throw new IllegalStateException("first recoverer");
                }

                static void recoverThenThrow() {
                    defer(() -> { Throwable t = recover(); throw new RuntimeException("wrapped", t); });
                    throw new IllegalStateException("cause");
                }

                static void notDirectly() {
                    defer(() -> helper());
                    throw new IllegalStateException("not recovered");
                }
                static void helper() { log(recover()); }

                static void onErrorRecovers() {
                    deferOnError(() -> log(recover()));
                    deferOnSuccess(() -> Trace.log("success after recovery? no, its turn came first"));
                    throw new IllegalStateException("rolled back");
                }

                static void lateSuccess() {
                    deferOnSuccess(() -> Trace.log("success after recovery"));
                    defer(() -> log(recover()));
                    throw new IllegalStateException("recovered first");
                }

                // Method-reference targets: @Deferred-scope methods that recover (S5).
                void onExit() { log(recover()); }
                static void staticOnExit() { log(recover()); }
                int viaInstanceReference() {
                    defer(this::onExit);
                    throw new IllegalStateException("instance target");
                }
                boolean both = true;
                int twoSitesAndARecoveringTarget() {
                    defer(this::onExit);
                    if (both) {
                        defer(() -> Trace.log("second site")); // conditional: the shared epilogue (D38 nests unconditional sites)
                    }
                    throw new IllegalStateException("two sites");
                }
                static int viaStaticReference() {
                    defer(Recovering::staticOnExit);
                    throw new IllegalStateException("static target");
                }
                static Object viaOtherClass(Handler handler) {
                    defer(handler::handle);
                    throw new IllegalStateException("other class");
                }
                static void targetCalledDirectly() {
                    staticOnExit();
                }
                static void targetCalledFromALambda() {
                    defer(() -> staticOnExit());
                    throw new IllegalStateException("lambda calls target");
                }
                static void targetRecoversThenThrows() {
                    defer(Recovering::recoverAndThrow);
                    throw new IllegalStateException("original");
                }
                static void recoverAndThrow() { recover(); throw new UnsupportedOperationException("replacement"); }

                // Only the action's own method may recover, not a same-named method it reaches (S5).
                public static final class Boundary implements Action<RuntimeException> {
                    public void run() { log(recover()); }
                }
                static int actionObjectRecovers() {
                    defer(new Boundary());
                    throw new IllegalStateException("action object");
                }
                static void wrapperDoesNotLendItsOffer() {
                    Action<RuntimeException> inner = new Boundary();
                    Action<RuntimeException> wrapper = () -> inner.run();
                    defer(wrapper);
                    throw new IllegalStateException("wrapped");
                }
                static final Recovering OTHER = new Recovering();
                static void delegatingOnExit() { OTHER.onExit(); }
                static void staticTargetDelegates() {
                    defer(Recovering::delegatingOnExit);
                    throw new IllegalStateException("delegated");
                }
            }
            """;

    static final String HANDLER = """
            package t;
            import static io.jdefer.Defers.*;
            import io.jdefer.*;
            import io.jdefer.testing.Trace;

            public class Handler {
                @Deferred
                public void handle() {
                    Throwable t = recover();
                    Trace.log("handler " + (t == null ? null : t.getMessage()));
                }
            }
            """;

    @BeforeEach
    void clearTrace() {
        Trace.take();
    }

    private static Compilation program(String strategy) {
        return Programs.compile(strategy, PROGRAM, HANDLER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void recover_returnsThePendingException_andTheMethodReturnsNormally_S5_S6(String strategy) throws Throwable {
        assertEquals(0, program(strategy).call("t.Recovering", "recoversInt"));
        assertEquals(List.of("IllegalStateException:boom"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void afterRecovery_theDefaultValueOfEveryReturnType_isReturned_S6(String strategy) throws Throwable {
        Compilation c = program(strategy);
        assertEquals(0L, c.call("t.Recovering", "recoversLong"));
        assertEquals(0.0, c.call("t.Recovering", "recoversDouble"));
        assertEquals(0.0f, c.call("t.Recovering", "recoversFloat"));
        assertEquals(false, c.call("t.Recovering", "recoversBoolean"));
        assertEquals('\0', c.call("t.Recovering", "recoversChar"));
        assertEquals((byte) 0, c.call("t.Recovering", "recoversByte"));
        assertEquals((short) 0, c.call("t.Recovering", "recoversShort"));
        assertNull(c.call("t.Recovering", "recoversObject"));
        assertNull(c.call("t.Recovering", "recoversVoid"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void recover_returnsNull_whenNothingIsPending_andOnASecondCall_S5(String strategy) throws Throwable {
        Compilation c = program(strategy);
        assertEquals(7, c.call("t.Recovering", "nothingPending"));
        assertEquals(List.of("null"), Trace.take());
        c.call("t.Recovering", "secondCallReturnsNull");
        assertEquals(List.of("IllegalStateException:once", "null"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void recoveringAnActionsFailure_afterAReturn_keepsTheValueOfThatReturn_S6(String strategy) throws Throwable {
        assertEquals(5, program(strategy).call("t.Recovering", "recoveredActionFailure_keepsTheReturnValue"));
        assertEquals(List.of("IllegalArgumentException:from action"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void onceRecovered_laterActionsSeeNothingPending_S5_S3(String strategy) throws Throwable {
        Compilation c = program(strategy);
        c.call("t.Recovering", "onlyTheFirstRecovererGetsIt");
        assertEquals(List.of("IllegalStateException:first recoverer", "null"), Trace.take());
        c.call("t.Recovering", "onErrorRecovers");
        assertEquals(List.of("IllegalStateException:rolled back"), Trace.take());
        c.call("t.Recovering", "lateSuccess");
        assertEquals(List.of("IllegalStateException:recovered first", "success after recovery"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void anActionThatRecoversThenThrows_replacesThePendingException_S4_S5(String strategy) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> program(strategy).call("t.Recovering", "recoverThenThrow"));
        assertEquals("wrapped", e.getMessage());
        assertEquals("cause", e.getCause().getMessage());
        assertEquals(0, e.getSuppressed().length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void recover_onlyWorksDirectlyInTheAction_notInAMethodItCalls_S5(String strategy) {
        assertThrows(IllegalStateException.class, () -> program(strategy).call("t.Recovering", "notDirectly"));
        assertEquals(List.of("null"), Trace.take());
        assertThrows(IllegalStateException.class, () -> program(strategy).call("t.Recovering", "targetCalledFromALambda"));
        assertEquals(List.of("null"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void methodReferenceTargets_inDeferredScope_canRecover_S5(String strategy) throws Throwable {
        Compilation c = program(strategy);
        Object instance = c.load("t.Recovering").getDeclaredConstructor().newInstance();
        java.lang.reflect.Method viaInstance = c.load("t.Recovering").getDeclaredMethod("viaInstanceReference");
        viaInstance.setAccessible(true);
        assertEquals(0, viaInstance.invoke(instance));
        assertEquals(0, c.call("t.Recovering", "viaStaticReference"));
        assertNull(c.call("t.Recovering", "viaOtherClass", c.load("t.Handler").getDeclaredConstructor().newInstance()));
        assertEquals(List.of("IllegalStateException:instance target", "IllegalStateException:static target", "handler other class"),
                Trace.take());
    }

    /**
     * With a shared handler, a site whose target may recover clears its registration before the
     * {@code Recovery.offer} hand-off: were the offer to throw, the restarted epilogue must not offer
     * (nor call) again. Its receiver's local cannot serve as its flag, as that is cleared only by
     * the call; it keeps a mask bit, cleared right before the hand-off.
     */
    @Test
    void aRecoveringTarget_isUnregisteredBeforeItsHandOff_S4_S5() throws Throwable {
        Compilation c = program("INLINE");
        List<AbstractInsnNode> code = new ArrayList<>();
        for (AbstractInsnNode insn : Bytecodes.method(c.bytes("t.Recovering"), "twoSitesAndARecoveringTarget").instructions) {
            if (insn.getOpcode() >= 0) {
                code.add(insn);
            }
        }
        int offer = -1;
        for (int i = 0; i < code.size(); i++) {
            if (code.get(i) instanceof MethodInsnNode && ((MethodInsnNode) code.get(i)).name.equals("offer")) {
                offer = i;
            }
        }
        int handOff = offer;
        while (!(code.get(handOff) instanceof org.objectweb.asm.tree.LdcInsnNode
                && ((org.objectweb.asm.tree.LdcInsnNode) code.get(handOff)).cst instanceof String)) {
            handOff--; // back to the offer's target name, after its load of P: Recovery.offer(P, "name", ...)
        }
        handOff--;
        assertEquals(Opcodes.ALOAD, code.get(handOff).getOpcode(), "the hand-off starts with its load of P");
        assertEquals(Opcodes.IXOR, code.get(handOff - 2).getOpcode(), "the site's bit is cleared just before the hand-off");
        assertEquals(Opcodes.ISTORE, code.get(handOff - 1).getOpcode());
        Object instance = c.load("t.Recovering").getDeclaredConstructor().newInstance();
        java.lang.reflect.Method method = c.load("t.Recovering").getDeclaredMethod("twoSitesAndARecoveringTarget");
        method.setAccessible(true);
        assertEquals(0, method.invoke(instance));
        assertEquals(List.of("second site", "IllegalStateException:two sites"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void anActionObjectsRun_recovers_butNotWhenReachedThroughAnotherAction_S5(String strategy) throws Throwable {
        Compilation c = program(strategy);
        assertEquals(0, c.call("t.Recovering", "actionObjectRecovers"));
        assertEquals(List.of("IllegalStateException:action object"), Trace.take());
        assertThrows(IllegalStateException.class, () -> c.call("t.Recovering", "wrapperDoesNotLendItsOffer"));
        assertEquals(List.of("null"), Trace.take());
        assertThrows(IllegalStateException.class, () -> c.call("t.Recovering", "staticTargetDelegates"));
        assertEquals(List.of("null"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void aTargetCalledOrdinarily_recoversNothing_S5(String strategy) throws Throwable {
        program(strategy).call("t.Recovering", "targetCalledDirectly");
        assertEquals(List.of("null"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void aTargetThatRecoversThenThrows_replacesThePendingException_S4_S5(String strategy) {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> program(strategy).call("t.Recovering", "targetRecoversThenThrows"));
        assertEquals(0, e.getSuppressed().length);
    }
}
