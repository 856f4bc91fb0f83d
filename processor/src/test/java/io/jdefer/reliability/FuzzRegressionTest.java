package io.jdefer.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jdefer.reliability.FuzzSupport.Boom;
import io.jdefer.testing.Bytecodes;
import io.jdefer.testing.Compilation;
import io.jdefer.testing.Javac;
import io.jdefer.testing.Programs;
import io.jdefer.testing.Trace;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.MethodNode;

/**
 * Small hand-written programs from the shapes the differential fuzzer minimized (docs/testing.md):
 * registrations in javac's copied finally blocks, in switch expressions evaluated on a non-empty
 * operand stack, in code javac folds away, recovery and re-throwing the same object, onError
 * actions that see an earlier action's failure. Open bugs found the same way are listed in
 * docs/testing.md with their repros; they join this class once fixed.
 */
class FuzzRegressionTest {
    static final String PROGRAM = """
            package r;
            import static io.jdefer.Defers.*;
            import static io.jdefer.reliability.FuzzSupport.*;
            import io.jdefer.*;

            @Deferred(Strategy.STRATEGY)
            public class Shapes {
                static final boolean DEBUG = false;

                // javac copies a finally block onto each exit path: a registration in it must happen on
                // whichever copy runs (from seed 20251128, m20, with defer(...) instead of @Defer)
                static char finallyCopies(int a) throws Throwable {
                    int acc = a;
                    B: {
                        try {
                            if (a > 5) break B;
                            if (a > 2) throw new Boom("in try");
                        } finally {
                            Res r = open("in finally", false);
                            defer(r::close);
                        }
                    }
                    return (char) ('a' + (acc & 15));
                }

                // a switch expression's arm registers while acc * 7 waits on the operand stack
                // (from seed 20251131, m2)
                static int switchExpressionOnAStack(int a) {
                    int acc = a;
                    acc = acc * 7 + switch (a & 3) {
                        case 0 -> 1;
                        case 1 -> {
                            @Defer Res r = open("arm", false);
                            yield 6;
                        }
                        default -> {
                            defer(() -> log("arm action"));
                            if (a > 10) throw new Boom("arm");
                            yield 2;
                        }
                    };
                    return acc;
                }

                // javac drops code under a constant false condition: nothing is registered there
                static int foldedAway(int a) {
                    if (DEBUG) {
                        defer(() -> log("debug"));
                    }
                    defer(() -> log("live " + a));
                    return a;
                }

                // javac drops a lambda under a constant false condition but still writes its body (and
                // the lambda it creates), which no code creates: no strategy applies to them, not even
                // the class's, while the method's own loop is live (from seed 9134, p17)
                @Deferred(Strategy.AUTO)
                static int foldedLambda(int a) throws Throwable {
                    int acc = a;
                    if (DEBUG) {
                        acc += callInt(() -> {
                            int k = 0;
                            do {
                                k++;
                                @Defer Res r = open("dead " + k, false);
                                Runnable nested = () -> {
                                    for (int m = 0; m < 2; m++) {
                                        defer(() -> log("dead nested"));
                                    }
                                };
                                nested.run();
                            } while (k < 3);
                            return k;
                        });
                    }
                    for (int i = 0; i < a; i++) {
                        int item = i;
                        defer(() -> log("live " + item));
                    }
                    return acc;
                }

                // S4 "unless T is P", S5, S6: an action recovers P and throws it again, then another recovers it
                static long recoverAndRethrow(int a) throws Throwable {
                    Boom shared = new Boom("shared");
                    defer(() -> log("last " + describe(recover())));
                    defer(() -> {
                        Throwable t = recover();
                        log("got " + describe(t));
                        if (t != null) throw t;
                    });
                    defer(() -> { throw shared; });
                    if (a > 0) throw shared;
                    return 7L;
                }

                // S3: an onError action sees the failure of an action that ran before it
                static String onErrorAfterFailingAction(int a) {
                    deferOnSuccess(() -> log("success"));
                    deferOnError(() -> log("error"));
                    defer(() -> { if (a > 0) throw new Boom("action " + a); });
                    return "r" + a;
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
    void registrationInACopiedFinally_runsOnEveryPath_S2(String strategy) throws Throwable {
        Compilation c = program(strategy);
        assertEquals('a', c.call("r.Shapes", "finallyCopies", 0));
        assertEquals(List.of("open in finally", "close in finally"), Trace.take());
        assertEquals(Boom.class, assertThrows(Throwable.class, () -> c.call("r.Shapes", "finallyCopies", 3)).getClass());
        assertEquals(List.of("open in finally", "close in finally"), Trace.take());
        assertEquals('g', c.call("r.Shapes", "finallyCopies", 6));
        assertEquals(List.of("open in finally", "close in finally"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void registrationInASwitchExpression_withOperandsOnTheStack_S1_S2(String strategy) throws Throwable {
        Compilation c = program(strategy);
        assertEquals(1, c.call("r.Shapes", "switchExpressionOnAStack", 0));
        assertEquals(List.of(), Trace.take());
        assertEquals(5 * 7 + 6, c.call("r.Shapes", "switchExpressionOnAStack", 5));
        assertEquals(List.of("open arm", "close arm"), Trace.take());
        assertEquals(2 * 7 + 2, c.call("r.Shapes", "switchExpressionOnAStack", 2));
        assertEquals(List.of("arm action"), Trace.take());
        assertThrows(Boom.class, () -> c.call("r.Shapes", "switchExpressionOnAStack", 14));
        assertEquals(List.of("arm action"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void registrationInFoldedCode_isGone_andTheRestRuns_S2(String strategy) throws Throwable {
        assertEquals(3, program(strategy).call("r.Shapes", "foldedAway", 3));
        assertEquals(List.of("live 3"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void lambdaInFoldedCode_isNotPlanned_andTheMethodRuns_S2_S8_D29(String strategy) throws Throwable {
        Compilation c = program(strategy);
        assertEquals(2, c.call("r.Shapes", "foldedLambda", 2));
        assertEquals(List.of("live 1", "live 0"), Trace.take());
        // javac before JDK 23 writes the folded lambdas' bodies (JDK 25's drops them with the dead code):
        // whatever it wrote, jdefer leaves as it was, and the live action has no site to rewrite
        Compilation alone = Javac.javac().withoutProcessor().compile(PROGRAM.replace("STRATEGY", strategy)).assertSuccess();
        Map<String, String> javac = lambdaBodies(alone.bytes("r.Shapes"));
        assertEquals(javac, lambdaBodies(c.bytes("r.Shapes")), "the lambda bodies of foldedLambda, as javac wrote them");
        if (Runtime.version().feature() < 23) {
            assertEquals(4, javac.size(), "javac wrote the two folded bodies, the folded action and the live one: " + javac.keySet());
        }
    }

    /** Each {@code lambda$foldedLambda$} method's instructions as text, by name and descriptor. */
    private static Map<String, String> lambdaBodies(byte[] classFile) {
        Map<String, String> bodies = new TreeMap<>();
        for (MethodNode method : Bytecodes.classNode(classFile).methods) {
            if ((method.access & Opcodes.ACC_SYNTHETIC) != 0 && method.name.startsWith("lambda$foldedLambda$")) {
                // the instructions, not the stack map frames, which ASM computes anew for the whole class
                bodies.put(method.name + method.desc, Bytecodes.text(method).lines().filter(line -> !line.trim().startsWith("FRAME"))
                        .collect(Collectors.joining("\n")));
            }
        }
        return bodies;
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void recoveredThrowableThrownAgain_isPendingAgain_andRecoverableLater_S4_S5_S6(String strategy) throws Throwable {
        Compilation c = program(strategy);
        assertEquals(0L, c.call("r.Shapes", "recoverAndRethrow", 1));
        assertEquals(List.of("got Boom(shared)", "last Boom(shared)"), Trace.take());
        assertEquals(7L, c.call("r.Shapes", "recoverAndRethrow", 0));
        assertEquals(List.of("got Boom(shared)", "last Boom(shared)"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void onErrorAction_seesAFailureOfAnEarlierAction_S3_S4(String strategy) throws Throwable {
        Compilation c = program(strategy);
        assertEquals("r0", c.call("r.Shapes", "onErrorAfterFailingAction", 0));
        assertEquals(List.of("success"), Trace.take());
        Boom thrown = assertThrows(Boom.class, () -> c.call("r.Shapes", "onErrorAfterFailingAction", 2));
        assertEquals("action 2", thrown.getMessage());
        assertEquals(List.of("error"), Trace.take());
        assertSame(null, thrown.getCause());
    }
}
