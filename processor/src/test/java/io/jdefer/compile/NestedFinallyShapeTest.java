package io.jdefer.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.rewrite.CodeSizes;
import io.jdefer.testing.Bytecodes;
import io.jdefer.testing.Compilation;
import io.jdefer.testing.Programs;
import io.jdefer.testing.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.MethodNode;

/**
 * D38: several unconditional sites nest as javac's try/finally blocks, each a copy per return and
 * a handler over the code after its registration (issue 13 item 3), with S2's order, S4's merge
 * and S6's value unchanged, checked against javac's nested try/finally of the same method.
 */
class NestedFinallyShapeTest {
    static final String PROGRAM = """
            package t;
            import static io.jdefer.Defers.*;
            import io.jdefer.*;
            import io.jdefer.testing.Trace;
            import java.util.concurrent.locks.ReentrantLock;

            public class Nested {
                public static final class Lock {
                    final String name;
                    public static String failing = "";
                    Lock(String name) { this.name = name; }
                    void lock() { Trace.log("lock " + name); }
                    void unlock() {
                        Trace.log("unlock " + name);
                        if (failing.contains(name)) throw new IllegalStateException("unlock " + name);
                    }
                }
                static final Lock a = new Lock("a");
                static final Lock b = new Lock("b");
                static final Lock c = new Lock("c");
                static final ReentrantLock x = new ReentrantLock();
                static final ReentrantLock y = new ReentrantLock();
                static int count;

                static int work(int n) {
                    Trace.log("work " + n);
                    if (n == 13) throw new IllegalArgumentException("work");
                    return n * 2;
                }

                // JDK locks: nothing offered, the handlers only throw
                @Deferred static int jdefer_jdkTwo(int n) { x.lock(); defer(x::unlock); y.lock(); defer(y::unlock); return count + n; }
                static int javac_jdkTwo(int n) {
                    x.lock();
                    try { y.lock(); try { return count + n; } finally { y.unlock(); } } finally { x.unlock(); }
                }
                @Deferred static int jdefer_jdkReturns(int n) {
                    x.lock(); defer(x::unlock);
                    if (n < 0) return -1;
                    y.lock(); defer(y::unlock);
                    if (n == 0) return 0;
                    return count + n;
                }
                static int javac_jdkReturns(int n) {
                    x.lock();
                    try {
                        if (n < 0) return -1;
                        y.lock();
                        try {
                            if (n == 0) return 0;
                            return count + n;
                        } finally { y.unlock(); }
                    } finally { x.unlock(); }
                }

                // user types, each of which might recover(): three levels, a return between them
                @Deferred static int jdefer_three(int n) {
                    a.lock(); defer(a::unlock);
                    if (n < 0) return -1;
                    b.lock(); defer(b::unlock);
                    c.lock(); defer(c::unlock);
                    return work(n);
                }
                static int javac_three(int n) {
                    a.lock();
                    try {
                        if (n < 0) return -1;
                        b.lock();
                        try { c.lock(); try { return work(n); } finally { c.unlock(); } } finally { b.unlock(); }
                    } finally { a.unlock(); }
                }

                // S6: the outer action recovers what the inner one threw at the return; the return's value stays
                @Deferred static int recoversInnerFailure(int n) {
                    defer(() -> { Throwable t = recover(); Trace.log("recovered " + (t == null ? null : t.getMessage())); });
                    b.lock(); defer(b::unlock);
                    return work(n);
                }
            }
            """;

    @BeforeEach
    void clear() {
        program().load("t.Nested");
        setFailing("");
        Trace.take();
    }

    static Compilation program() {
        return Programs.compile(PROGRAM, "AUTO");
    }

    static void setFailing(String names) {
        try {
            program().load("t.Nested$Lock").getField("failing").set(null, names);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    static int size(String name) {
        Map<String, Integer> sizes = CodeSizes.of(program().bytes("t.Nested"));
        return sizes.entrySet().stream().filter(e -> e.getKey().startsWith(name + "(")).map(Map.Entry::getValue).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdkTwo", "jdkReturns"})
    void severalJdkSites_areNeverLargerThanJavacsNestedTryFinally_section7_D38(String pair) {
        int jdefer = size("jdefer_" + pair);
        int javac = size("javac_" + pair);
        System.out.println("[size] nested " + pair + ": jdefer " + jdefer + " bytes, javac " + javac + " bytes");
        assertTrue(jdefer <= javac, pair + ": have " + jdefer + " bytes, want at most javac's " + javac);
        MethodNode method = Bytecodes.method(program().bytes("t.Nested"), "jdefer_" + pair);
        assertEquals(0, Bytecodes.count(method, Opcodes.IOR), "no mask: the sites nest");
    }

    /**
     * D38: a handler that recovered leaves through the copies at a return of the body, so the
     * actions of the sites around it are copied once per return and never into a handler: 1 copy
     * at {@code return -1}, 3 at {@code return work(n)}. (Copied into the handlers of {@code c} and
     * {@code b} as well, they would be 7.)
     */
    @Test
    void recoveringHandlers_leaveThroughTheBodysCopies_notCopiesOfTheirOwn_D38() {
        MethodNode method = Bytecodes.method(program().bytes("t.Nested"), "jdefer_three");
        long unlocks = Bytecodes.callsTo(method, "t/Nested$Lock").stream().filter("unlock"::equals).count();
        assertEquals(4, unlocks);
        assertEquals(3, Bytecodes.count(method, Opcodes.IRETURN),
                "the body's two returns and the outermost handler's, which has no copies to run; c's and b's jump to the body's");
    }

    /** What one call printed and how it ended: the trace, then the exception's class and message with its suppressed ones. */
    static List<String> run(String method, int n) throws Throwable {
        List<String> out = new ArrayList<>();
        try {
            out.add("= " + program().call("t.Nested", method, n));
        } catch (RuntimeException e) {
            out.add("! " + e.getMessage());
            for (Throwable s : e.getSuppressed()) {
                out.add("suppressed " + s.getMessage());
            }
        }
        List<String> trace = new ArrayList<>(Trace.take());
        trace.addAll(out);
        return trace;
    }

    /** S2, S4: the same trace and the same exception as javac's nested try/finally; javac drops what jdefer suppresses. */
    @ParameterizedTest
    @ValueSource(strings = {"", "a", "b", "c", "bc", "abc"})
    void threeLevels_runLikeJavacsNestedTryFinally_S2_S4(String failing) throws Throwable {
        setFailing(failing);
        for (int n : new int[] {-1, 4, 13}) {
            List<String> jdefer = run("jdefer_three", n);
            List<String> javac = run("javac_three", n);
            List<String> jdeferWithoutSuppressed = jdefer.stream().filter(line -> !line.startsWith("suppressed")).toList();
            assertEquals(javac.subList(0, javac.size() - 1), jdeferWithoutSuppressed.subList(0, jdeferWithoutSuppressed.size() - 1),
                    "n=" + n + " failing=" + failing);
            if (failing.isEmpty() || n < 0 && !failing.contains("a")) {
                assertEquals(javac, jdefer, "n=" + n);
            }
        }
    }

    @Test
    void innerFailureAtAReturn_isPrimary_andOuterFailuresAreSuppressedInIt_S4() throws Throwable {
        setFailing("abc");
        assertEquals(List.of("lock a", "lock b", "lock c", "work 4", "unlock c", "unlock b", "unlock a",
                "! unlock c", "suppressed unlock b", "suppressed unlock a"), run("jdefer_three", 4));
        // javac's nested finally loses the inner ones: the outermost's is what leaves
        assertEquals("! unlock a", run("javac_three", 4).get(7));
    }

    @Test
    void earlyReturn_betweenRegistrations_runsOnlyTheActionsBeforeIt_S2() throws Throwable {
        assertEquals(List.of("lock a", "unlock a", "= -1"), run("jdefer_three", -1));
    }

    @Test
    void outerRecoveryOfAnInnerCopysFailure_keepsTheReturnedValue_S6() throws Throwable {
        setFailing("b");
        assertEquals(List.of("lock b", "work 4", "unlock b", "recovered unlock b", "= 8"), run("recoversInnerFailure", 4));
        // the body's own failure, recovered: no return ran, so the default value
        setFailing("");
        assertEquals(List.of("lock b", "work 13", "unlock b", "recovered work", "= 0"), run("recoversInnerFailure", 13));
    }
}
