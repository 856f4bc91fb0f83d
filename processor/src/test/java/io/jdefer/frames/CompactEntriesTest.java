package io.jdefer.frames;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.testing.Bytecodes;
import io.jdefer.testing.Compilation;
import io.jdefer.testing.Programs;
import io.jdefer.testing.Trace;
import java.lang.ref.WeakReference;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.MethodNode;

/**
 * The frame's protocol for one frame site (SPEC C4, docs/frames.md): a method whose only frame
 * site captures any values stores them alone into the frame's stacks (no site id), keeping the
 * count in a local and entry 0 in locals, and pops entries until none is left. It must keep S2's
 * order, S3's conditions and S4's suppression for every capture type, exactly as the general
 * protocol does.
 */
class CompactEntriesTest {
    static final String PROGRAM = """
            package t;
            import static io.jdefer.Defers.*;
            import io.jdefer.*;
            import io.jdefer.testing.Trace;

            @Deferred
            public class Compact {
                static final class Lock {
                    final String name;
                    Lock(String name) { this.name = name; }
                    void unlock() { Trace.log("unlock " + name); }
                }

                static void locks(String[] names) {
                    for (String name : names) {
                        Lock l = new Lock(name);
                        defer(l::unlock);
                    }
                }

                static void longs(long[] xs) {
                    for (long x : xs) {
                        defer(() -> Trace.log("long " + x));
                    }
                }

                static void floats(float[] xs) {
                    for (float x : xs) {
                        defer(() -> Trace.log("float " + Integer.toHexString(Float.floatToRawIntBits(x))));
                    }
                }

                static void doubles(double[] xs) {
                    for (double x : xs) {
                        defer(() -> Trace.log("double " + Long.toHexString(Double.doubleToRawLongBits(x))));
                    }
                }

                static void booleans(boolean[] xs) {
                    for (boolean x : xs) {
                        defer(() -> Trace.log("boolean " + x));
                    }
                }

                // oddActionsThrow's twin, called by one test only: its growth flag (D24) is unset at its first call
                static void oddActionsThrowOverTheLocals(int n) {
                    for (int i = 0; i < n; i++) {
                        int k = i;
                        defer(() -> {
                            Trace.log("action " + k);
                            if (k % 2 == 1) {
                                throw new IllegalStateException("action " + k);
                            }
                        });
                    }
                }

                static void oddActionsThrow(int n) {
                    for (int i = 0; i < n; i++) {
                        int k = i;
                        defer(() -> {
                            Trace.log("action " + k);
                            if (k % 2 == 1) {
                                throw new IllegalStateException("action " + k);
                            }
                        });
                    }
                }

                static void rollbacks(int n, boolean fail) {
                    for (int i = 0; i < n; i++) {
                        int k = i;
                        deferOnError(() -> Trace.log("rollback " + k));
                    }
                    if (fail) {
                        throw new IllegalArgumentException("fail");
                    }
                }

                static int recovers(int n) {
                    for (int i = 0; i < n; i++) {
                        int k = i;
                        defer(() -> Trace.log("recovered " + k + " " + recover()));
                    }
                    throw new IllegalStateException("boom");
                }

                static void holds(Object[] items) {
                    for (Object item : items) {
                        defer(() -> Trace.log("held " + item.getClass().getSimpleName()));
                    }
                }

                static void longAndInt(int n) {
                    for (int i = 0; i < n; i++) {
                        long t = 1_000_000_000_000L + i;
                        int k = -i;
                        defer(() -> Trace.log(t + " " + k));
                    }
                }

                static void mixed(String[] names) {
                    for (int i = 0; i < names.length; i++) {
                        String name = names[i];
                        double d = i + 0.5;
                        Lock l = new Lock(name);
                        char c = (char) ('a' + i);
                        defer(() -> Trace.log(name + " " + d + " " + c + " " + l.name));
                    }
                }

                int flushed;
                void flush() { flushed++; Trace.log("flush " + flushed); }

                void flushes(int n) {
                    for (int i = 0; i < n; i++) {
                        defer(this::flush);
                    }
                }

                void flushesBeside(int n) {
                    Lock l = new Lock("outer");
                    defer(l::unlock);
                    for (int i = 0; i < n; i++) {
                        defer(this::flush);
                    }
                    defer(() -> Trace.log("done"));
                }

                final String tag = "tag";
                void thisAndTwo(int n) {
                    for (int i = 0; i < n; i++) {
                        long t = i * 10L;
                        String s = "s" + i;
                        defer(() -> Trace.log(tag + " " + t + " " + s));
                    }
                }

                static void twoSites(int n) {
                    for (int i = 0; i < n; i++) {
                        int k = i;
                        defer(() -> Trace.log("a " + k));
                        defer(() -> Trace.log("b " + k));
                    }
                }

                static void twoSitesOneConditional(int n) {
                    for (int i = 0; i < n; i++) {
                        int k = i;
                        defer(() -> Trace.log("a " + k));
                        if (k % 2 == 0) defer(() -> Trace.log("b " + k));
                    }
                }
            }
            """;

    static final String FRAME = "io/jdefer/runtime/DeferFrame";

    @BeforeEach
    void clearTrace() {
        Trace.take();
    }

    static Compilation program() {
        return Programs.compile(PROGRAM, "AUTO");
    }

    @ParameterizedTest
    @ValueSource(strings = {"locks", "longs", "floats", "doubles", "booleans", "oddActionsThrow", "rollbacks", "recovers", "holds"})
    void oneSiteWithOneCapture_pushesTheValueAlone_C4(String name) {
        List<String> calls = Bytecodes.callsTo(Bytecodes.method(program().bytes("t.Compact"), name), FRAME);
        assertTrue(calls.contains("refStack") || calls.contains("primStack"), name + " registers on a frame's stack: " + calls);
        assertTrue(calls.stream().noneMatch(call -> call.startsWith("push") || call.startsWith("pop")),
                name + " stores and loads the values itself, without a call per entry: " + calls);
    }

    @Test
    void twoSitesOfOneCycle_dispatchOnThePosition_C4_D35() {
        MethodNode method = Bytecodes.method(program().bytes("t.Compact"), "twoSites");
        List<String> calls = Bytecodes.callsTo(method, FRAME);
        assertTrue(!calls.contains("siteStack") && calls.contains("primStack"), calls.toString());
        assertTrue(calls.stream().noneMatch(call -> call.startsWith("push") || call.startsWith("pop")),
                "no call per entry, the method writes and reads the arrays itself: " + calls);
        assertEquals(0, Bytecodes.count(method, Opcodes.IASTORE), "no site id stored: the sites register in one cycle");
        // one layout (an int each, D34): a dispatch in each of the two pop loops of a primitive layout (D33)
        assertEquals(2, Bytecodes.count(method, Opcodes.TABLESWITCH), "dispatch on the site id");
    }

    @Test
    void twoSitesOneConditional_keepSiteIds_writtenByTheMethod_C4_D34() throws Throwable {
        MethodNode method = Bytecodes.method(program().bytes("t.Compact"), "twoSitesOneConditional");
        List<String> calls = Bytecodes.callsTo(method, FRAME);
        assertTrue(calls.contains("siteStack"), calls.toString());
        assertTrue(calls.stream().noneMatch(call -> call.startsWith("push") || call.startsWith("pop")),
                "no call per entry, the method writes and reads the arrays itself: " + calls);
        assertEquals(2, Bytecodes.count(method, Opcodes.IASTORE), "a site id per registration");
        assertEquals(2, Bytecodes.count(method, Opcodes.TABLESWITCH), "dispatch on the site id");
        program().call("t.Compact", "twoSitesOneConditional", 5);
        assertEquals(List.of("b 4", "a 4", "a 3", "b 2", "a 2", "a 1", "b 0", "a 0"), Trace.take(), "S2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"longAndInt", "mixed", "thisAndTwo"})
    void oneSiteWithSeveralCaptures_hasNoSiteIds_C4(String name) {
        MethodNode method = Bytecodes.method(program().bytes("t.Compact"), name);
        List<String> calls = Bytecodes.callsTo(method, FRAME);
        assertTrue(!calls.contains("siteStack") && calls.stream().noneMatch(call -> call.startsWith("push") || call.startsWith("pop")),
                name + ": one frame site, so an entry is its values alone, written by the method: " + calls);
        assertEquals(0, Bytecodes.count(method, Opcodes.TABLESWITCH), name + ": nothing to dispatch on");
        assertEquals(0, Bytecodes.count(method, Opcodes.IASTORE), name + ": no site id stored");
    }

    @Test
    void aSiteThatStoresNothing_countsItsEntries_andNeverBorrowsAFrame_C4() throws Throwable {
        Compilation c = program();
        MethodNode method = Bytecodes.method(c.bytes("t.Compact"), "flushes");
        assertEquals(List.of(), Bytecodes.callsTo(method, "io/jdefer/runtime/FramePool"), "defer(this::flush) stores nothing: a count is the whole entry");
        FrameSemanticsTest.onFreshThread(() -> {
            Object compact = c.load("t.Compact").getDeclaredConstructor().newInstance();
            java.lang.reflect.Method flushes = compact.getClass().getDeclaredMethod("flushes", int.class);
            flushes.setAccessible(true);
            flushes.invoke(compact, 12);
            assertEquals(-1, PoolProbe.cachedFrames(), "twelve entries, no frame, not even a thread cache");
            flushes.invoke(compact, 0);
        });
        List<String> want = new java.util.ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            want.add("flush " + i);
        }
        assertEquals(want, Trace.take(), "one action per registration (S2)");
    }

    @Test
    void aSiteThatStoresNothing_besideOpenCodedSites_keepsOneLifoOrder_S2_C4() throws Throwable {
        Compilation c = program();
        assertEquals(List.of(), Bytecodes.callsTo(Bytecodes.method(c.bytes("t.Compact"), "flushesBeside"), "io/jdefer/runtime/FramePool"));
        Object compact = c.load("t.Compact").getDeclaredConstructor().newInstance();
        java.lang.reflect.Method flushesBeside = compact.getClass().getDeclaredMethod("flushesBeside", int.class);
        flushesBeside.setAccessible(true);
        flushesBeside.invoke(compact, 3);
        assertEquals(List.of("done", "flush 1", "flush 2", "flush 3", "unlock outer"), Trace.take());
        flushesBeside.invoke(compact, 0);
        assertEquals(List.of("done", "unlock outer"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 4, 5, 6, 9, 300})
    void severalCaptures_keepTheirEntryTogether_acrossGrowth_S2_C4(int n) throws Throwable {
        // two primitives an entry: the 8-long stack grows between entries 4 and 5
        program().call("t.Compact", "longAndInt", n);
        List<String> want = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            want.add(0, (1_000_000_000_000L + i) + " " + (-i));
        }
        assertEquals(want, Trace.take());
    }

    @Test
    void referencesAndPrimitivesOfOneEntry_comeBackTogether_S1_C4() throws Throwable {
        String[] names = new String[20];
        List<String> want = new java.util.ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            names[i] = "n" + i;
            want.add(0, names[i] + " " + (i + 0.5) + " " + (char) ('a' + i) + " " + names[i]);
        }
        program().call("t.Compact", "mixed", (Object) names);
        assertEquals(want, Trace.take());
        Compilation c = program();
        Object compact = c.load("t.Compact").getDeclaredConstructor().newInstance();
        java.lang.reflect.Method thisAndTwo = compact.getClass().getDeclaredMethod("thisAndTwo", int.class);
        thisAndTwo.setAccessible(true);
        thisAndTwo.invoke(compact, 3);
        assertEquals(List.of("tag 20 s2", "tag 10 s1", "tag 0 s0"), Trace.take());
    }

    @Test
    void methodReferenceReceivers_unlockInReverse_S1_S2() throws Throwable {
        program().call("t.Compact", "locks", (Object) new String[] {"a", "b", "c"});
        assertEquals(List.of("unlock c", "unlock b", "unlock a"), Trace.take());
    }

    @Test
    void everyPrimitiveWidth_survivesExactly_C4() throws Throwable {
        Compilation c = program();
        c.call("t.Compact", "longs", (Object) new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE});
        assertEquals(List.of("long " + Long.MAX_VALUE, "long 0", "long " + Long.MIN_VALUE), Trace.take());
        c.call("t.Compact", "floats", (Object) new float[] {-0.0f, Float.intBitsToFloat(0x7fc00001)});
        assertEquals(List.of("float 7fc00001", "float 80000000"), Trace.take());
        c.call("t.Compact", "doubles", (Object) new double[] {-0.0, Double.longBitsToDouble(0x7ff8000000000001L)});
        assertEquals(List.of("double 7ff8000000000001", "double 8000000000000000"), Trace.take());
        c.call("t.Compact", "booleans", (Object) new boolean[] {true, false});
        assertEquals(List.of("boolean false", "boolean true"), Trace.take());
    }

    @Test
    void actionsThatThrow_doNotStopTheRest_andAreSuppressed_S4() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> program().call("t.Compact", "oddActionsThrow", 4));
        assertEquals(List.of("action 3", "action 2", "action 1", "action 0"), Trace.take());
        assertEquals("action 3", e.getMessage());
        assertEquals(1, e.getSuppressed().length);
        assertEquals("action 1", e.getSuppressed()[0].getMessage());
    }

    @Test
    void onErrorEntries_runOnlyWhenAnExceptionIsPending_S3() throws Throwable {
        program().call("t.Compact", "rollbacks", 3, false);
        assertEquals(List.of(), Trace.take());
        assertThrows(IllegalArgumentException.class, () -> program().call("t.Compact", "rollbacks", 3, true));
        assertEquals(List.of("rollback 2", "rollback 1", "rollback 0"), Trace.take());
    }

    @Test
    void recoverInTheNewestEntry_stopsThePanic_S5_S6() throws Throwable {
        assertEquals(0, program().call("t.Compact", "recovers", 2));
        assertEquals(List.of("recovered 1 java.lang.IllegalStateException: boom", "recovered 0 null"), Trace.take());
    }

    @Test
    void aPooledFrame_keepsNoCapturedObjectAlive_C4() throws Throwable {
        Compilation c = program();
        FrameSemanticsTest.onFreshThread(() -> {
            Object big = new byte[1 << 20];
            WeakReference<Object> ref = new WeakReference<>(big);
            c.call("t.Compact", "holds", (Object) new Object[] {big, big, big, big, big}); // the fifth on the frame (D32)
            big = null;
            for (int i = 0; i < 20 && ref.get() != null; i++) {
                System.gc();
                Thread.sleep(10);
            }
            assertEquals(null, ref.get(), "the epilogue nulled each slot it popped");
            assertEquals(1, PoolProbe.cachedFrames(), "and gave the frame back");
        });
        assertEquals(java.util.Collections.nCopies(5, "held byte[]"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 4, 5, 9, 10, 300})
    void theFirstEntriesInLocals_andTheRestOnTheStack_keepOneLifoOrder_S2_C4_D32(int n) throws Throwable {
        long[] values = new long[n];
        List<String> want = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            values[i] = i * 3L;
            want.add(0, "long " + values[i]);
        }
        program().call("t.Compact", "longs", (Object) values);
        assertEquals(want, Trace.take());
    }

    @Test
    void withAPrimitive_theStacksAndTheLocalsAreEachALoopOfTheirOwn_C4_D33() {
        byte[] bytes = program().bytes("t.Compact");
        List<String> longs = Bytecodes.callsTo(Bytecodes.method(bytes, "longs"), "t/Compact");
        assertEquals(2, longs.stream().filter(call -> call.startsWith("lambda$longs$")).count(),
                "one copy of the action in the loop over the stacks, one in the loop over the locals: " + longs);
        List<String> locks = Bytecodes.callsTo(Bytecodes.method(bytes, "locks"), "t/Compact$Lock");
        assertEquals(1, locks.stream().filter(call -> call.equals("unlock")).count(), "references share one copy: " + locks);
    }

    @Test
    void actionsThatThrow_onTheStacksAndInTheLocals_doNotStopTheRest_S2_S4_D33() {
        // the method's first call holds no frame: entries 0-3 in locals, 4-8 on the stacks (D32);
        // its second borrows in the prologue (D24): every entry on the stacks
        for (int n : new int[] {9, 6}) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> program().call("t.Compact", "oddActionsThrowOverTheLocals", n));
            List<String> want = new java.util.ArrayList<>();
            List<String> failed = new java.util.ArrayList<>();
            for (int k = n - 1; k >= 0; k--) {
                want.add("action " + k);
                if (k % 2 == 1) {
                    failed.add("action " + k);
                }
            }
            assertEquals(want, Trace.take(), n + " entries");
            assertEquals(failed.get(0), e.getMessage(), n + " entries: the first failure completes the method");
            List<String> suppressed = new java.util.ArrayList<>();
            for (Throwable t : e.getSuppressed()) {
                suppressed.add(t.getMessage());
            }
            assertEquals(failed.subList(1, failed.size()), suppressed, n + " entries: the later failures are suppressed, in order");
        }
    }

    @Test
    void upToFourRegistrations_borrowNoFrame_fiveDo_C4_D32() throws Throwable {
        Compilation c = program();
        FrameSemanticsTest.onFreshThread(() -> {
            c.call("t.Compact", "locks", (Object) new String[] {"a", "b", "c", "d"});
            assertEquals(-1, PoolProbe.cachedFrames(), "four entries stay in locals: no frame, not even a thread cache");
            assertThrows(IllegalStateException.class, () -> c.call("t.Compact", "oddActionsThrow", 5));
            assertEquals(1, PoolProbe.cachedFrames(), "five entries borrowed a frame, and the exit by exception gave it back");
        });
        assertEquals(List.of("unlock d", "unlock c", "unlock b", "unlock a", "action 4", "action 3", "action 2", "action 1", "action 0"),
                Trace.take());
    }
}
