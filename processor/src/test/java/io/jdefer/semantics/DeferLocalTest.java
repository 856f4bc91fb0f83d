package io.jdefer.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jdefer.testing.Compilation;
import io.jdefer.testing.Javac;
import io.jdefer.testing.Programs;
import io.jdefer.testing.Trace;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SPEC S9: {@code @Defer} locals, in the same LIFO order as defer calls, on both lowerings and with any debug info. */
class DeferLocalTest {
    static final String PROGRAM = """
            package t;
            import static io.jdefer.Defers.*;
            import io.jdefer.*;
            import io.jdefer.testing.Trace;
            import java.util.concurrent.locks.Lock;
            import java.util.concurrent.locks.ReentrantLock;

            @Deferred(Strategy.STRATEGY)
            public class Locals {
                public static class Res implements AutoCloseable {
                    final String name;
                    public Res(String name) { this.name = name; Trace.log("open " + name); }
                    public void close() { Trace.log("close " + name); }
                    int release() { Trace.log("release " + name); return 1; }
                }
                public interface Handle { void dispose(); }
                public static final Lock LOCK = new ReentrantLock();

                static String basic() {
                    @Defer Res a = new Res("a");
                    defer(() -> Trace.log("defer between"));
                    @Defer Res b = new Res("b");
                    return a.name + b.name;
                }

                static void unusedAfterDeclaration() {
                    @Defer Res only = new Res("only");
                }

                static void nullIsSkipped(boolean none) {
                    @Defer Res maybe = none ? null : new Res("maybe");
                    Trace.log("body");
                }

                static boolean namedMethod() {
                    LOCK.lock();
                    @Defer("unlock") Lock held = LOCK;
                    @Defer("release") Res r = new Res("r");
                    return ((java.util.concurrent.locks.ReentrantLock) held).isHeldByCurrentThread();
                }

                static void interfaceType(Handle h) {
                    @Defer("dispose") Handle handle = h;
                    Trace.log("body");
                }

                static void onException() {
                    @Defer Res a = new Res("a");
                    if (a != null) throw new IllegalStateException("boom");
                }

                static void inBlocks(int n) {
                    if (n > 0) {
                        @Defer Res positive = new Res("positive");
                        Trace.log("in if");
                    }
                    {
                        @Defer Res block = new Res("block");
                        Trace.log("in block");
                    }
                    try {
                        @Defer Res inTry = new Res("try");
                        Trace.log("in try");
                    } finally {
                        Trace.log("finally");
                    }
                    @Defer Res multi =
                            new Res(
                                    "multi line");
                    Trace.log("body");
                }

                static void inLambda() {
                    Runnable r = () -> {
                        @Defer Res inside = new Res("lambda");
                        Trace.log("lambda body");
                    };
                    r.run();
                    Trace.log("after lambda");
                }

                static char inFinally(int a) {
                    B: {
                        try {
                            if (a > 0) break B;
                            if (a < 0) throw new IllegalStateException("negative");
                        } finally {
                            @Defer Res r = new Res("fin");
                            Trace.log("in finally");
                        }
                    }
                    return 'x';
                }

                static final boolean DEBUG = false;
                static void foldedAway() {
                    if (DEBUG) {
                        @Defer Res never = new Res("never");
                        Trace.log("never");
                    }
                    Trace.log("body");
                }

                static <T extends AutoCloseable> void generic(T value) throws Exception { // close() throws Exception (S7, S9)
                    @Defer T v = value;
                    Trace.log("body");
                }
            }
            """;

    @BeforeEach
    void clearTrace() {
        Trace.take();
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void deferLocals_closeInLifoOrder_withDefersBetween_S9(String strategy) throws Throwable {
        Compilation c = Programs.compile(PROGRAM, strategy);
        assertEquals("ab", c.call("t.Locals", "basic"));
        assertEquals(List.of("open a", "open b", "close b", "defer between", "close a"), Trace.take());
        c.call("t.Locals", "unusedAfterDeclaration");
        assertEquals(List.of("open only", "close only"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void aNullLocal_isSkipped_S9(String strategy) throws Throwable {
        Compilation c = Programs.compile(PROGRAM, strategy);
        c.call("t.Locals", "nullIsSkipped", true);
        assertEquals(List.of("body"), Trace.take());
        c.call("t.Locals", "nullIsSkipped", false);
        assertEquals(List.of("open maybe", "body", "close maybe"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void theNamedMethod_isCalled_onClassesAndInterfaces_S9(String strategy) throws Throwable {
        Compilation c = Programs.compile(PROGRAM, strategy);
        assertEquals(true, c.call("t.Locals", "namedMethod"));
        assertEquals(List.of("open r", "release r"), Trace.take());
        java.util.concurrent.locks.ReentrantLock lock =
                (java.util.concurrent.locks.ReentrantLock) c.load("t.Locals").getDeclaredField("LOCK").get(null);
        assertEquals(false, lock.isLocked());
        Class<?> handle = c.load("t.Locals$Handle");
        Object proxy = java.lang.reflect.Proxy.newProxyInstance(c.loader(), new Class<?>[] {handle}, (p, m, a) -> {
            Trace.log("disposed");
            return null;
        });
        c.call("t.Locals", "interfaceType", proxy);
        assertEquals(List.of("body", "disposed"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void deferLocals_closeOnException_S9_S2(String strategy) {
        assertThrows(IllegalStateException.class, () -> Programs.compile(PROGRAM, strategy).call("t.Locals", "onException"));
        assertEquals(List.of("open a", "close a"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void deferLocalsInBlocks_runAtMethodExit_notAtBlockExit_S9_S2(String strategy) throws Throwable {
        Programs.compile(PROGRAM, strategy).call("t.Locals", "inBlocks", 1);
        assertEquals(List.of("open positive", "in if", "open block", "in block", "open try", "in try", "finally",
                "open multi line", "body", "close multi line", "close try", "close block", "close positive"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void deferLocalsInALambda_andOfATypeVariable_S9_S8(String strategy) throws Throwable {
        Compilation c = Programs.compile(PROGRAM, strategy);
        c.call("t.Locals", "inLambda");
        assertEquals(List.of("open lambda", "lambda body", "close lambda", "after lambda"), Trace.take());
        Object res = c.load("t.Locals$Res").getDeclaredConstructor(String.class).newInstance("generic");
        c.call("t.Locals", "generic", res);
        assertEquals(List.of("open generic", "body", "close generic"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void aDeferLocalInAFinallyBlock_registersOnEveryExit_S9_S2(String strategy) throws Throwable {
        Compilation c = Programs.compile(PROGRAM, strategy);
        assertEquals('x', c.call("t.Locals", "inFinally", 1));
        assertEquals(List.of("open fin", "in finally", "close fin"), Trace.take(), "break");
        assertEquals('x', c.call("t.Locals", "inFinally", 0));
        assertEquals(List.of("open fin", "in finally", "close fin"), Trace.take(), "normal completion");
        assertThrows(IllegalStateException.class, () -> c.call("t.Locals", "inFinally", -1));
        assertEquals(List.of("open fin", "in finally", "close fin"), Trace.take(), "exception");
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void aDeferLocalInCodeJavacFoldsAway_registersNothing_S9(String strategy) throws Throwable {
        Programs.compile(PROGRAM, strategy).call("t.Locals", "foldedAway");
        assertEquals(List.of("body"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-g", "-g:none", "-g:lines", "-g:vars"})
    void deferLocals_areFound_withEveryKindOfDebugInfo_S9(String debug) throws Throwable {
        // The type annotations javac writes for every @Defer local are there whatever the debug
        // options: nothing depends on line numbers or the local variable table.
        Compilation c = Javac.javac().options(debug).compile(PROGRAM.replace("STRATEGY", "AUTO")).assertSuccess().assertVerifies();
        assertEquals("ab", c.call("t.Locals", "basic"));
        c.call("t.Locals", "inBlocks", 1);
        assertEquals(List.of("open a", "open b", "close b", "defer between", "close a", "open positive", "in if", "open block",
                "in block", "open try", "in try", "finally", "open multi line", "body", "close multi line", "close try", "close block",
                "close positive"), Trace.take());
        c.call("t.Locals", "inLambda");
        assertEquals(List.of("open lambda", "lambda body", "close lambda", "after lambda"), Trace.take());
        assertEquals('x', c.call("t.Locals", "inFinally", 0));
        assertEquals(List.of("open fin", "in finally", "close fin"), Trace.take());
    }
}
