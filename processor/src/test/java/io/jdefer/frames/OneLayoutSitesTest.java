package io.jdefer.frames;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.testing.Bytecodes;
import io.jdefer.testing.Compilation;
import io.jdefer.testing.Programs;
import io.jdefer.testing.Trace;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.MethodNode;

/**
 * Several frame sites whose entries have one layout (SPEC C4, docs/decisions.md D34): a site id
 * and the values in one count of entries, the first four in locals while no frame is held, as one
 * frame site keeps them (D32). Two resources of different types are one layout of one reference;
 * a site of another layout (an {@code int} beside a reference) keeps the general protocol. Each
 * must keep S2's order across the locals and the stacks, S3's conditions and S4's suppression.
 */
class OneLayoutSitesTest {
    static final String PROGRAM = """
            package t;
            import static io.jdefer.Defers.*;
            import io.jdefer.*;
            import io.jdefer.testing.Trace;

            @Deferred
            public class Layouts {
                static final class In {
                    final int i;
                    In(int i) { this.i = i; }
                    void close() { Trace.log("in " + i); if (i == Layouts.failing) throw new IllegalStateException("in " + i); }
                }
                static final class Out {
                    final int i;
                    Out(int i) { this.i = i; }
                    void close() { Trace.log("out " + i); }
                    void abort() { Trace.log("abort " + i); }
                }

                static int failing = -1;

                static void sameType(int n) {
                    for (int i = 0; i < n; i++) {
                        In a = new In(i);
                        defer(a::close);
                        In b = new In(100 + i);
                        defer(b::close);
                    }
                }

                static void twoTypes(int n, boolean fail) {
                    for (int i = 0; i < n; i++) {
                        In in = new In(i);
                        defer(in::close);
                        Out out = new Out(i);
                        deferOnError(out::abort);
                        defer(out::close);
                    }
                    if (fail) {
                        throw new IllegalArgumentException("body");
                    }
                }

                static void partial(int n, int stopAt) {
                    for (int i = 0; i < n; i++) {
                        In a = new In(i);
                        defer(a::close);
                        if (i == stopAt) {
                            throw new IllegalArgumentException("stop " + i);
                        }
                        Out b = new Out(i);
                        defer(b::close);
                    }
                }

                static void caught(int n) {
                    for (int i = 0; i < n; i++) {
                        In a = new In(i);
                        defer(a::close);
                        try {
                            if (i % 2 == 1) {
                                throw new IllegalStateException("odd");
                            }
                        } catch (IllegalStateException e) {
                            Trace.log("caught " + i);
                        }
                        Out b = new Out(i);
                        defer(b::close);
                    }
                }

                static void conditional(int n) {
                    for (int i = 0; i < n; i++) {
                        In a = new In(i);
                        defer(a::close);
                        if (i % 3 == 0) {
                            In b = new In(100 + i);
                            defer(b::close);
                        }
                    }
                }

                static void twoLayouts(int n) {
                    for (int i = 0; i < n; i++) {
                        In in = new In(i);
                        defer(in::close);
                        int k = i;
                        defer(() -> Trace.log("int " + k));
                    }
                }
            }
            """;

    static final String FRAME = "io/jdefer/runtime/DeferFrame";

    @BeforeEach
    void clear() throws Exception {
        Trace.take();
        setFailing(program(), -1); // the compilation is shared: so are its statics
    }

    static Compilation program() {
        return Programs.compile(PROGRAM, "AUTO");
    }

    /** Which {@code In} throws from its {@code close()}: a static of the compiled class; -1 for none. */
    static void setFailing(Compilation c, int failing) throws Exception {
        java.lang.reflect.Field field = c.load("t.Layouts").getDeclaredField("failing");
        field.setAccessible(true);
        field.setInt(null, failing);
    }

    @Test
    void sitesOfOneLayout_storeTheirValues_withoutTheGeneralProtocol_andAnIdOnlyOutsideOneCycle_C4() {
        Compilation c = program();
        for (String name : List.of("sameType", "twoTypes", "partial", "caught")) {
            // every path registers the sites in one order, over and over: the position says the site (D35)
            MethodNode method = Bytecodes.method(c.bytes("t.Layouts"), name);
            List<String> calls = Bytecodes.callsTo(method, FRAME);
            assertTrue(!calls.contains("siteStack") && calls.contains("refStack") && !calls.contains("primStack"), name + ": " + calls);
            assertEquals(0, Bytecodes.count(method, Opcodes.IASTORE), name + ": no site id stored");
            assertEquals(1, Bytecodes.count(method, Opcodes.TABLESWITCH), name + ": one pop loop, one dispatch (references, D33)");
        }
        // the second site registers on some iterations only: the position does not say the site (D34)
        MethodNode conditional = Bytecodes.method(c.bytes("t.Layouts"), "conditional");
        List<String> stored = Bytecodes.callsTo(conditional, FRAME);
        assertTrue(stored.contains("siteStack") && stored.contains("refStack"), "conditional: " + stored);
        assertEquals(2, Bytecodes.count(conditional, Opcodes.IASTORE), "conditional: a site id per registration");
        List<String> calls = Bytecodes.callsTo(Bytecodes.method(c.bytes("t.Layouts"), "twoLayouts"), FRAME);
        assertTrue(calls.contains("siteStack") && calls.contains("refStack") && calls.contains("primStack"),
                "a reference and an int: two layouts, the general protocol: " + calls);
    }

    @Test
    void upToFourEntries_borrowNoFrame_C4_D34() throws Throwable {
        // a compilation of its own: no other test's call has set its methods' growth flags (D24)
        Compilation c = Programs.compile(PROGRAM.replace("public class Layouts", "public class Layouts /* fresh */"), "AUTO");
        FrameSemanticsTest.onFreshThread(() -> {
            c.call("t.Layouts", "sameType", 2);
            assertEquals(-1, PoolProbe.cachedFrames(), "four entries stay in locals: no frame, not even a thread cache");
            c.call("t.Layouts", "twoTypes", 1, false); // three sites, one layout: three entries
            assertEquals(-1, PoolProbe.cachedFrames(), "three entries in locals");
            c.call("t.Layouts", "sameType", 3);
            assertEquals(1, PoolProbe.cachedFrames(), "the fifth entry borrowed a frame, which is back in the cache");
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 9, 200})
    void entriesOfTwoSites_runLastRegisteredFirst_acrossLocalsAndStacks_S2(int n) throws Throwable {
        Compilation c = program();
        for (int call = 0; call < 2; call++) { // the second call borrows in its prologue once one has (D24)
            c.call("t.Layouts", "sameType", n);
            List<String> want = new ArrayList<>();
            for (int i = n - 1; i >= 0; i--) {
                want.add("in " + (100 + i));
                want.add("in " + i);
            }
            assertEquals(want, Trace.take(), "call " + call);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7})
    void twoTypesAndAnOnErrorSite_keepTheirOrderAndConditions_S2_S3(int n) throws Throwable {
        Compilation c = program();
        c.call("t.Layouts", "twoTypes", n, false);
        List<String> want = new ArrayList<>();
        for (int i = n - 1; i >= 0; i--) {
            want.add("out " + i);
            want.add("in " + i);
        }
        assertEquals(want, Trace.take(), "deferOnError skipped on a normal return");
        assertThrows(IllegalArgumentException.class, () -> c.call("t.Layouts", "twoTypes", n, true));
        want.clear();
        for (int i = n - 1; i >= 0; i--) {
            want.add("out " + i);
            want.add("abort " + i);
            want.add("in " + i);
        }
        assertEquals(want, Trace.take(), "deferOnError runs when the body throws");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 6})
    void aFailingAction_isSuppressedByThePendingOne_andTheRestRun_S4(int n) throws Throwable {
        Compilation c = program();
        setFailing(c, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.call("t.Layouts", "twoTypes", n, true));
        assertEquals(1, e.getSuppressed().length, "the close of in 0 threw while the body's exception was pending");
        assertEquals("in 0", e.getSuppressed()[0].getMessage());
        List<String> trace = Trace.take();
        assertEquals(3 * n, trace.size(), "every action ran: " + trace);
        assertEquals("in 0", trace.get(trace.size() - 1));
        setFailing(c, 100);
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> c.call("t.Layouts", "sameType", n));
        assertEquals("in 100", thrown.getMessage(), "on a normal return the action's exception is the method's (S4, S6)");
        assertEquals(2 * n, Trace.take().size());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 9})
    void aCycleCutShortByAThrow_popsAnOddCountInOrder_S2_D35(int stopAt) throws Throwable {
        Compilation c = program();
        for (int call = 0; call < 2; call++) { // the second call borrows in its prologue once one has (D24)
            assertThrows(IllegalArgumentException.class, () -> c.call("t.Layouts", "partial", 20, stopAt));
            List<String> want = new ArrayList<>();
            want.add("in " + stopAt);
            for (int i = stopAt - 1; i >= 0; i--) {
                want.add("out " + i);
                want.add("in " + i);
            }
            assertEquals(want, Trace.take(), "call " + call);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5})
    void anExceptionCaughtBetweenTheSites_keepsTheCycle_S2_D35(int n) throws Throwable {
        Compilation c = program();
        c.call("t.Layouts", "caught", n);
        List<String> want = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (i % 2 == 1) {
                want.add("caught " + i);
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            want.add("out " + i);
            want.add("in " + i);
        }
        assertEquals(want, Trace.take());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 7, 40})
    void aSiteOnSomeIterations_keepsItsStoredId_S2_D34(int n) throws Throwable {
        Compilation c = program();
        for (int call = 0; call < 2; call++) {
            c.call("t.Layouts", "conditional", n);
            List<String> want = new ArrayList<>();
            for (int i = n - 1; i >= 0; i--) {
                if (i % 3 == 0) {
                    want.add("in " + (100 + i));
                }
                want.add("in " + i);
            }
            assertEquals(want, Trace.take(), "call " + call);
        }
    }

    @Test
    void sitesOfTwoLayouts_keepTheirOrder_S2() throws Throwable {
        program().call("t.Layouts", "twoLayouts", 6);
        List<String> want = new ArrayList<>();
        for (int i = 5; i >= 0; i--) {
            want.add("int " + i);
            want.add("in " + i);
        }
        assertEquals(want, Trace.take());
    }
}
