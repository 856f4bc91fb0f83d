package io.jdefer.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.rewrite.CodeSizes;
import io.jdefer.testing.Bytecodes;
import io.jdefer.testing.Compilation;
import io.jdefer.testing.Programs;
import io.jdefer.testing.Trace;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.MethodNode;

/**
 * One unconditional site gets javac's own try/finally shape (SPEC C3, section 7: bytecode never
 * larger than javac's try/finally, the same shape for one unconditional site): the action copied
 * onto each exit after the registration and one catch-all handler, no mask, no shared epilogue.
 * Each {@code jdefer_x} method is compared with {@code javac_x}, the same method written with
 * try/finally and compiled by javac alone.
 */
class FinallyShapeTest {
    static final String PROGRAM = """
            package t;
            import static io.jdefer.Defers.*;
            import io.jdefer.*;
            import io.jdefer.testing.Trace;
            import java.io.StringReader;

            public class Shapes {
                public static final class Lock {
                    int held;
                    public boolean failUnlock;
                    void lock() { held++; Trace.log("lock"); }
                    void unlock() {
                        held--;
                        Trace.log("unlock");
                        if (failUnlock) throw new IllegalStateException("unlock");
                    }
                }
                public static final Lock mu = new Lock();
                final Lock lock = new Lock();
                int items;
                static int count;

                @Deferred static int jdefer_size() { mu.lock(); defer(mu::unlock); return count; }
                static int javac_size() { mu.lock(); try { return count; } finally { mu.unlock(); } }

                // java.util.concurrent's idiom: the lock in a local
                @Deferred int jdefer_local() { final Lock lock = this.lock; lock.lock(); defer(lock::unlock); return items; }
                int javac_local() { final Lock lock = this.lock; lock.lock(); try { return items; } finally { lock.unlock(); } }

                @Deferred int jdefer_lines() {
                    final Lock lock = this.lock;
                    lock.lock();
                    defer(lock::unlock);
                    return items;
                }
                int javac_lines() {
                    final Lock lock = this.lock;
                    lock.lock();
                    try {
                        return items;
                    } finally {
                        lock.unlock();
                    }
                }

                @Deferred void jdefer_localVoid(int n) { final Lock lock = this.lock; lock.lock(); defer(lock::unlock); items += n; }
                void javac_localVoid(int n) { final Lock lock = this.lock; lock.lock(); try { items += n; } finally { lock.unlock(); } }

                // D27: a final field's receiver, proved non-null by the call before, read again at each exit
                @Deferred int jdefer_field() { lock.lock(); defer(lock::unlock); return items; }
                int javac_field() { lock.lock(); try { return items; } finally { lock.unlock(); } }
                // ... and one the registration must check (S1): it keeps its local and javac's null check
                @Deferred static void jdefer_unproved(int n) { defer(mu::unlock); mu.lock(); count += n; }
                static void javac_unproved(int n) { try { mu.lock(); count += n; } finally { mu.unlock(); } }
                // ... and a field that is not final: the action gets the value of the registration (S1)
                Lock plain = new Lock();
                @Deferred int jdefer_plainField(Lock next) { plain.lock(); defer(plain::unlock); plain = next; return next.held; }
                /** returned, the held count of the lock of the registration and of the field's new one, whether the field changed */
                public static String plainField() {
                    Shapes shapes = new Shapes();
                    Lock first = shapes.plain;
                    Lock next = new Lock();
                    int returned = shapes.jdefer_plainField(next);
                    return returned + " " + first.held + " " + next.held + " " + (shapes.plain == next);
                }

                @Deferred static void jdefer_void(int n) { mu.lock(); defer(mu::unlock); count += n; }
                static void javac_void(int n) { mu.lock(); try { count += n; } finally { mu.unlock(); } }

                @Deferred static int jdefer_returns(int n) {
                    if (n < 0) return -1;
                    mu.lock();
                    defer(mu::unlock);
                    if (n == 0) return 0;
                    if (n == 1) { Trace.log("one"); return 1; }
                    if (n == 2) throw new IllegalArgumentException("two");
                    return n * count;
                }
                static int javac_returns(int n) {
                    if (n < 0) return -1;
                    mu.lock();
                    try {
                        if (n == 0) return 0;
                        if (n == 1) { Trace.log("one"); return 1; }
                        if (n == 2) throw new IllegalArgumentException("two");
                        return n * count;
                    } finally {
                        mu.unlock();
                    }
                }

                @Deferred static int jdefer_catches(int n) {
                    mu.lock();
                    defer(mu::unlock);
                    try {
                        if (n > 0) return n;
                        throw new IllegalStateException("body");
                    } catch (IllegalStateException e) {
                        Trace.log("caught " + e.getMessage());
                        return -n;
                    }
                }
                static int javac_catches(int n) {
                    mu.lock();
                    try {
                        try {
                            if (n > 0) return n;
                            throw new IllegalStateException("body");
                        } catch (IllegalStateException e) {
                            Trace.log("caught " + e.getMessage());
                            return -n;
                        }
                    } finally {
                        mu.unlock();
                    }
                }

                @Deferred static long jdefer_lambda(int n) { long t = n * 3L; defer(() -> Trace.log("took " + t + " " + n)); return t; }
                static long javac_lambda(int n) { long t = n * 3L; try { return t; } finally { Trace.log("took " + t + " " + n); } }

                @Deferred static void jdefer_onError(boolean fail) {
                    deferOnError(() -> Trace.log("rollback"));
                    if (fail) throw new IllegalStateException("fail");
                    Trace.log("work");
                }
                static void javac_onError(boolean fail) {
                    try {
                        if (fail) throw new IllegalStateException("fail");
                        Trace.log("work");
                    } catch (Throwable t) {
                        Trace.log("rollback");
                        throw t;
                    }
                }

                @Deferred static void jdefer_onSuccess(boolean fail) {
                    deferOnSuccess(() -> Trace.log("commit"));
                    if (fail) throw new IllegalStateException("fail");
                    Trace.log("work");
                }
                static void javac_onSuccess(boolean fail) {
                    if (fail) throw new IllegalStateException("fail");
                    Trace.log("work");
                    Trace.log("commit");
                }

                // ArrayBlockingQueue.size(): a JDK lock, whose unlock() cannot recover(), so nothing is offered
                final java.util.concurrent.locks.ReentrantLock queueLock = new java.util.concurrent.locks.ReentrantLock();
                @Deferred int jdefer_queue() {
                    final java.util.concurrent.locks.ReentrantLock lock = this.queueLock;
                    lock.lock();
                    defer(lock::unlock);
                    return items;
                }
                int javac_queue() {
                    final java.util.concurrent.locks.ReentrantLock lock = this.queueLock;
                    lock.lock();
                    try {
                        return items;
                    } finally {
                        lock.unlock();
                    }
                }

                // S5 in javac's shape: the offer only in the handler; a recovered exit returns the default (S6)
                public static final class Guard {
                    @Deferred public void exit() { Throwable t = recover(); Trace.log("guard " + (t == null ? "-" : t.getMessage())); }
                }
                @Deferred static int jdefer_guarded(int n) {
                    Guard g = new Guard();
                    defer(g::exit);
                    if (n < 0) throw new IllegalStateException("negative");
                    return n;
                }
                @Deferred static long jdefer_recoveringLambda(long n) {
                    defer(() -> Trace.log("lambda " + (recover() instanceof IllegalStateException e ? e.getMessage() : "-")));
                    if (n < 0) throw new IllegalStateException("negative");
                    return n;
                }
                @Deferred static int jdefer_lambdaThrowsAtReturn(int n) {
                    defer(() -> { Throwable t = recover(); Trace.log("saw " + t); throw new IllegalArgumentException("late"); });
                    return n;
                }

                // a @Defer local: javac's try-with-resources shape, the local tested at each exit (S9)
                public static final class Reader implements AutoCloseable {
                    final String name;
                    Reader(String name) { this.name = name; }
                    int read() { Trace.log("read " + name); if (name.equals("fail")) throw new IllegalStateException("read"); return name.length(); }
                    @Override public void close() { Trace.log("close " + name); }
                }
                static Reader open(String name) { return name == null ? null : new Reader(name); }
                @Deferred static int jdefer_deferLocal(String name) { @Defer Reader r = open(name); return r == null ? -1 : r.read(); }
                static int javac_deferLocal(String name) { try (Reader r = open(name)) { return r == null ? -1 : r.read(); } }
                // ... of a JDK type, whose close() cannot recover(): nothing offered
                @Deferred static int jdefer_deferLocalJdk(String s) throws java.io.IOException {
                    @Defer StringReader r = s == null ? null : new StringReader(s);
                    return r == null ? -1 : r.read();
                }
                static int javac_deferLocalJdk(String s) throws java.io.IOException {
                    try (StringReader r = s == null ? null : new StringReader(s)) {
                        return r == null ? -1 : r.read();
                    }
                }
                // ... whose slot javac gives to another variable after its block: the action keeps a local of its own
                @Deferred static int jdefer_deferLocalSlotReused(String name) {
                    int n;
                    { @Defer Reader r = open(name); n = r == null ? -1 : r.read(); }
                    { Reader other = open("other"); n += other.name.length(); }
                    return n;
                }

                @Deferred static void jdefer_actionObject(Action<RuntimeException> a) { defer(a); Trace.log("body"); }
                static void javac_actionObject(Action<RuntimeException> a) { try { Trace.log("body"); } finally { a.run(); } }
            }
            """;

    @BeforeEach
    void clear() {
        Trace.take();
        program().load("t.Shapes");
        Trace.take();
    }

    static Compilation program() {
        return Programs.compile(PROGRAM, "AUTO");
    }

    static int size(String name) {
        Map<String, Integer> sizes = CodeSizes.of(program().bytes("t.Shapes"));
        List<Integer> found = sizes.entrySet().stream().filter(e -> e.getKey().startsWith(name + "(")).map(Map.Entry::getValue).toList();
        assertEquals(1, found.size(), name);
        return found.get(0);
    }

    /**
     * Issue 13 item 3: never larger than javac's try/finally of the same method. What the semantics
     * add to javac's code (S4's merge of what the action throws on the exceptional exit, S5's
     * hand-off to an action that may {@code recover()}, S1's evaluation of a receiver that nothing
     * proved non-null, D6's null check of an {@code Action}) is in the class's added method (D37),
     * and the method's handler, its captures' loads, a call and a throw, is smaller than javac's
     * {@code astore; action; aload; athrow}.
     */
    @ParameterizedTest
    @ValueSource(strings = {"size", "field", "unproved", "local", "lines", "localVoid", "void", "returns", "catches", "queue", "lambda",
            "onError", "onSuccess", "actionObject", "deferLocal", "deferLocalJdk"})
    void oneUnconditionalSite_isNeverLargerThanJavacsTryFinally_section7_D37(String pair) {
        int jdefer = size("jdefer_" + pair);
        int javac = size("javac_" + pair);
        System.out.println("[size] " + pair + ": jdefer " + jdefer + " bytes, javac try/finally " + javac + " bytes");
        assertTrue(jdefer <= javac, pair + ": have " + jdefer + " bytes, want at most javac's " + javac);
    }

    @Test
    void jdkLockInALocal_staysUnderMaxInlineSize_section7() {
        // ArrayBlockingQueue.size(): javac's try/finally is 27 bytes; HotSpot inlines at most 35 at every call.
        assertTrue(size("jdefer_queue") <= 35, "have " + size("jdefer_queue") + " bytes, want at most 35 (MaxInlineSize)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"queue"})
    void lockInALocal_isLoadedFromItAtEachExit_asJavacDoes_C3(String pair) {
        MethodNode method = Bytecodes.method(program().bytes("t.Shapes"), "jdefer_" + pair);
        assertEquals(0, Bytecodes.callsTo(method, "java/util/Objects").size(), "lock.lock() proved the receiver non-null");
        // javac's handler stores the thrown exception and loads it again; jdefer's passes it on the operand stack (D37)
        assertEquals(Bytecodes.count(Bytecodes.method(program().bytes("t.Shapes"), "javac_" + pair), Opcodes.ALOAD) - 1,
                Bytecodes.count(method, Opcodes.ALOAD), "javac's loads of the lock, none of P");
        assertEquals(Bytecodes.count(Bytecodes.method(program().bytes("t.Shapes"), "javac_" + pair), Opcodes.ASTORE) - 1,
                Bytecodes.count(method, Opcodes.ASTORE), "javac's store of the lock, none of P");
    }

    @ParameterizedTest
    @ValueSource(strings = {"size", "field", "unproved", "local", "localVoid", "void", "returns", "catches", "queue", "lambda", "actionObject"})
    void oneUnconditionalSite_hasJavacsShape_C3(String pair) {
        MethodNode method = Bytecodes.method(program().bytes("t.Shapes"), "jdefer_" + pair);
        int returns = 0;
        for (int op = Opcodes.IRETURN; op <= Opcodes.RETURN; op++) {
            returns += Bytecodes.count(method, op);
        }
        int returnsBeforeSite = pair.equals("returns") ? 1 : 0;
        assertEquals(List.of(), Bytecodes.callsTo(method, "io/jdefer/runtime/Recovery"), "no offer in the method (S5: nothing is pending at a return)");
        assertEquals(List.of(), Bytecodes.callsTo(method, "io/jdefer/runtime/Deferrals"), "no merge in the method");
        boolean offering = !List.of("queue", "lambda").contains(pair);
        int handlerReturns = offering ? 1 : 0; // the handler returns the default value after a recovery (S6)
        // one copy per exit after the registration; the catch-all handler calls the class's added method (D37)
        assertEquals(returns - handlerReturns - returnsBeforeSite, actionCalls(method), "action calls");
        List<String> unwinds = Bytecodes.callsTo(method, "t/Shapes").stream().filter(name -> name.startsWith("jdefer$unwind")).toList();
        assertEquals(1, unwinds.size(), "the handler's call of the added method");
        MethodNode unwind = Bytecodes.method(program().bytes("t.Shapes"), unwinds.get(0));
        assertEquals(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC, unwind.access, "private static synthetic");
        assertEquals(1, actionCalls(unwind), "the action, once, in the added method");
        assertEquals(offering ? 1 : 0, Bytecodes.callsTo(unwind, "io/jdefer/runtime/Recovery").stream().filter("offer"::equals).count(),
                "an offer only where the action may recover (S5)");
        assertEquals(1, unwind.tryCatchBlocks.size(), "the added method's handler of the action's call (S4's merge)");
        assertEquals(0, Bytecodes.count(method, Opcodes.IOR), "no mask");
        MethodNode javac = Bytecodes.method(program().bytes("t.Shapes"), "javac_" + pair);
        assertTrue(Bytecodes.count(method, Opcodes.GOTO) <= Bytecodes.count(javac, Opcodes.GOTO), "no jump to a shared epilogue");
        long catchAll = method.tryCatchBlocks.stream().filter(b -> b.type == null).map(b -> b.handler).distinct().count();
        assertEquals(1, catchAll, "one catch-all handler, as javac's");
    }

    @ParameterizedTest
    @ValueSource(strings = {"size", "field", "void", "returns", "catches"})
    void finalFieldReceiverProvedByACall_isReadFromTheFieldAtEachExit_asJavacDoes_D27(String pair) {
        MethodNode method = Bytecodes.method(program().bytes("t.Shapes"), "jdefer_" + pair);
        MethodNode javac = Bytecodes.method(program().bytes("t.Shapes"), "javac_" + pair);
        assertEquals(0, Bytecodes.callsTo(method, "java/util/Objects").size(), "the call before proved the field non-null");
        // Lock is not the JDK's, so P is offered to its unlock() (S5), in the added method, which is passed the receiver (D37)
        assertEquals(Bytecodes.count(javac, Opcodes.GETSTATIC) + Bytecodes.count(javac, Opcodes.GETFIELD),
                Bytecodes.count(method, Opcodes.GETSTATIC) + Bytecodes.count(method, Opcodes.GETFIELD), "javac's field reads");
        assertTrue(Bytecodes.count(method, Opcodes.ASTORE) <= Bytecodes.count(javac, Opcodes.ASTORE), "no local for the receiver");
    }

    @Test
    void receiversThatAreNotProvedOrNotFinal_keepTheValueOfTheRegistration_S1_D27() throws Throwable {
        Compilation c = program();
        MethodNode unproved = Bytecodes.method(c.bytes("t.Shapes"), "jdefer_unproved");
        assertEquals(1, Bytecodes.callsTo(unproved, "java/util/Objects").size(), "nothing before proved mu non-null: S1's check stays");
        c.call("t.Shapes", "jdefer_unproved", 2);
        assertEquals(List.of("lock", "unlock"), Trace.take());

        assertEquals("0 0 0 true", c.call("t.Shapes", "plainField"), "the lock of the registration was unlocked, not the field's new value");
        assertEquals(List.of("lock", "unlock"), Trace.take());
    }

    @Test
    void aDeferLocal_getsJavacsTryWithResourcesShape_testedAtEachExit_S9() throws Throwable {
        Compilation c = program();
        MethodNode method = Bytecodes.method(c.bytes("t.Shapes"), "jdefer_deferLocal");
        assertEquals(0, Bytecodes.count(method, Opcodes.IOR), "no mask");
        MethodNode javac = Bytecodes.method(c.bytes("t.Shapes"), "javac_deferLocal");
        assertEquals(1, Bytecodes.count(method, Opcodes.GOTO), "javac's, of the ternary: no jump to a shared epilogue");
        assertEquals(2, Bytecodes.count(method, Opcodes.IFNULL) + Bytecodes.count(method, Opcodes.IFNONNULL),
                "the body's test, and the local's at the return (the handler's is in the added method, D37)");
        assertEquals(Bytecodes.count(javac, Opcodes.ASTORE) - 2, Bytecodes.count(method, Opcodes.ASTORE),
                "the local; javac's try-with-resources also stores P and the close's exception (D37: P stays on the stack)");
        assertEquals(3, c.call("t.Shapes", "jdefer_deferLocal", "abc"));
        assertEquals(List.of("read abc", "close abc"), Trace.take());
        assertEquals(-1, c.call("t.Shapes", "jdefer_deferLocal", (Object) null));
        assertEquals(List.of(), Trace.take(), "a null @Defer local registers nothing (S9)");
        assertThrows(IllegalStateException.class, () -> c.call("t.Shapes", "jdefer_deferLocal", "fail"));
        assertEquals(List.of("read fail", "close fail"), Trace.take());
    }

    @Test
    void aDeferLocalWhoseSlotJavacReuses_keepsItsValueInALocalOfItsOwn_S1_S9() throws Throwable {
        Compilation c = program();
        assertEquals(8, c.call("t.Shapes", "jdefer_deferLocalSlotReused", "abc"));
        assertEquals(List.of("read abc", "close abc"), Trace.take(), "closed at the method's exit, the value of the @Defer local");
        assertEquals(4, c.call("t.Shapes", "jdefer_deferLocalSlotReused", (Object) null));
        assertEquals(List.of(), Trace.take());
    }

    private static int actionCalls(MethodNode method) {
        int calls = 0;
        calls += (int) Bytecodes.callsTo(method, "java/util/concurrent/locks/ReentrantLock").stream().filter("unlock"::equals).count();
        for (String call : Bytecodes.callsTo(method, "t/Shapes$Lock")) {
            calls += call.equals("unlock") ? 1 : 0;
        }
        calls += Bytecodes.callsTo(method, "io/jdefer/Action").size();
        for (String call : Bytecodes.callsTo(method, "t/Shapes")) {
            calls += call.startsWith("lambda$") ? 1 : 0;
        }
        return calls;
    }

    @Test
    void everyExit_runsTheActionOnce_andNoneBeforeTheRegistration_S2() throws Throwable {
        Compilation c = program();
        assertEquals(-1, c.call("t.Shapes", "jdefer_returns", -1));
        assertEquals(List.of(), Trace.take());
        assertEquals(0, c.call("t.Shapes", "jdefer_returns", 0));
        assertEquals(List.of("lock", "unlock"), Trace.take());
        assertEquals(1, c.call("t.Shapes", "jdefer_returns", 1));
        assertEquals(List.of("lock", "one", "unlock"), Trace.take());
        assertThrows(IllegalArgumentException.class, () -> c.call("t.Shapes", "jdefer_returns", 2));
        assertEquals(List.of("lock", "unlock"), Trace.take());
    }

    @Test
    void actionThrowingAtAReturnInsideTheUsersTry_isNotTheUsersToCatch_S2_S4() throws Throwable {
        Compilation c = program();
        Class<?> shapes = c.load("t.Shapes");
        Object mu = shapes.getDeclaredField("mu").get(null);
        mu.getClass().getDeclaredField("failUnlock").setBoolean(mu, true);
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.call("t.Shapes", "jdefer_catches", 5));
            assertEquals("unlock", e.getMessage());
            assertEquals(List.of("lock", "unlock"), Trace.take(), "the user's catch did not see the action's exception");
            // the body's exception is caught by the user; the action at the return after it throws
            e = assertThrows(IllegalStateException.class, () -> c.call("t.Shapes", "jdefer_catches", 0));
            assertEquals("unlock", e.getMessage());
            assertEquals(List.of("lock", "caught body", "unlock"), Trace.take());
        } finally {
            mu.getClass().getDeclaredField("failUnlock").setBoolean(mu, false);
        }
    }

    @Test
    void actionThrowingWhileAnExceptionLeaves_isSuppressed_S4() throws Throwable {
        Compilation c = program();
        Class<?> shapes = c.load("t.Shapes");
        Object mu = shapes.getDeclaredField("mu").get(null);
        mu.getClass().getDeclaredField("failUnlock").setBoolean(mu, true);
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.call("t.Shapes", "jdefer_returns", 2));
            assertEquals(1, e.getSuppressed().length);
            assertEquals("unlock", e.getSuppressed()[0].getMessage());
        } finally {
            mu.getClass().getDeclaredField("failUnlock").setBoolean(mu, false);
        }
        Trace.take();
    }

    @Test
    void onErrorAndOnSuccess_runOnlyOnTheirExits_S3() throws Throwable {
        Compilation c = program();
        c.call("t.Shapes", "jdefer_onError", false);
        assertEquals(List.of("work"), Trace.take());
        assertThrows(IllegalStateException.class, () -> c.call("t.Shapes", "jdefer_onError", true));
        assertEquals(List.of("rollback"), Trace.take());
        c.call("t.Shapes", "jdefer_onSuccess", false);
        assertEquals(List.of("work", "commit"), Trace.take());
        assertThrows(IllegalStateException.class, () -> c.call("t.Shapes", "jdefer_onSuccess", true));
        assertEquals(List.of(), Trace.take());
    }

    @Test
    void returnedValue_isTheOneOfTheReturn_S6() throws Throwable {
        assertEquals(21L, program().call("t.Shapes", "jdefer_lambda", 7));
        assertEquals(List.of("took 21 7"), Trace.take());
    }

    @Test
    void aRecoveringTarget_isOfferedPOnlyInTheHandler_andTheMethodReturnsTheDefault_S5_S6() throws Throwable {
        Compilation c = program();
        MethodNode method = Bytecodes.method(c.bytes("t.Shapes"), "jdefer_guarded");
        assertEquals(0, Bytecodes.count(method, Opcodes.IOR), "javac's shape: no mask");
        assertEquals(5, c.call("t.Shapes", "jdefer_guarded", 5));
        assertEquals(List.of("guard -"), Trace.take(), "nothing pending at a return: recover() returns null");
        assertEquals(0, c.call("t.Shapes", "jdefer_guarded", -1));
        assertEquals(List.of("guard negative"), Trace.take(), "recovered: the default value (S6)");
    }

    @Test
    void aRecoveringLambda_takesPInTheHandler_andNullAtAReturn_S5_S6() throws Throwable {
        Compilation c = program();
        MethodNode method = Bytecodes.method(c.bytes("t.Shapes"), "jdefer_recoveringLambda");
        assertEquals(0, Bytecodes.count(method, Opcodes.IOR), "javac's shape: no mask");
        assertEquals(7L, c.call("t.Shapes", "jdefer_recoveringLambda", 7L));
        assertEquals(List.of("lambda -"), Trace.take());
        assertEquals(0L, c.call("t.Shapes", "jdefer_recoveringLambda", -7L));
        assertEquals(List.of("lambda negative"), Trace.take());
    }

    @Test
    void aRecoveringLambdaThatThrowsAtAReturn_throwsWhatItThrew_S4() throws Throwable {
        Compilation c = program();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.call("t.Shapes", "jdefer_lambdaThrowsAtReturn", 3));
        assertEquals("late", e.getMessage());
        assertEquals(List.of("saw null"), Trace.take());
    }
}
