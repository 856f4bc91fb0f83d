package io.jdefer.frames;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.testing.Bytecodes;
import io.jdefer.testing.Compilation;
import io.jdefer.testing.Programs;
import io.jdefer.testing.Trace;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;

/**
 * Static sites of a frame method are open-coded beside the frame (SPEC C2, C4, section 7 "static
 * sites beside loop sites"; docs/frames.md): only the loop's entries touch the frame, and S2's
 * LIFO order holds across both: a static site registered before the loop runs after every entry,
 * one registered after it runs before them. A static site between two loops stays on the frame.
 */
class StaticBesideLoopTest {
    static final String PROGRAM = """
            package t;
            import static io.jdefer.Defers.*;
            import io.jdefer.*;
            import io.jdefer.testing.Trace;

            @Deferred
            public class Mixed {
                static final class Res {
                    final String name;
                    Res(String name) { this.name = name; }
                    void close() {
                        Trace.log("close " + name);
                        if (name.startsWith("bad")) throw new IllegalStateException(name);
                    }
                }

                static void lockThenLoop(String lock, String... names) {
                    Res mu = new Res(lock);
                    defer(mu::close);
                    for (String name : names) {
                        Res r = new Res(name);
                        defer(r::close);
                    }
                }

                static void loopThenStatic(String last, String... names) {
                    for (String name : names) {
                        Res r = new Res(name);
                        defer(r::close);
                    }
                    Res z = new Res(last);
                    defer(z::close);
                }

                static void aroundTwoSiteLoop(int n) {
                    defer(() -> Trace.log("before " + n));
                    for (int i = 0; i < n; i++) {
                        int k = i;
                        defer(() -> Trace.log("a " + k));
                        defer(() -> Trace.log("b " + k));
                    }
                    deferOnSuccess(() -> Trace.log("after " + n));
                    deferOnError(() -> Trace.log("failed " + n));
                    if (n == 2) throw new IllegalArgumentException("two");
                }

                static void conditionalBefore(boolean c, int n) {
                    if (c) defer(() -> Trace.log("maybe"));
                    for (int i = 0; i < n; i++) {
                        int k = i;
                        defer(() -> Trace.log("entry " + k));
                    }
                }

                static void betweenLoops(int n) {
                    for (int i = 0; i < n; i++) {
                        int k = i;
                        defer(() -> Trace.log("first loop " + k));
                    }
                    defer(() -> Trace.log("between"));
                    for (int i = 0; i < n; i++) {
                        int k = i;
                        defer(() -> Trace.log("second loop " + k));
                    }
                }

                static void outer(String lock, int n) {
                    for (int i = 0; i < n; i++) {
                        int k = i;
                        defer(() -> Trace.log("outer " + k));
                    }
                    try {
                        lockThenLoop(lock, "v", "w", "x", "y", "z"); // five: one more than the locals keep (D32)
                    } catch (IllegalStateException e) {
                        Trace.log("caught " + e.getMessage());
                    }
                }
            }
            """;

    static final String FRAME = "io/jdefer/runtime/DeferFrame";

    @BeforeEach
    void clear() {
        Trace.take();
    }

    static Compilation program() {
        return Programs.compile(PROGRAM, "AUTO");
    }

    static MethodNode method(String name) {
        return Bytecodes.method(program().bytes("t.Mixed"), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lockThenLoop", "loopThenStatic", "conditionalBefore"})
    void staticSiteBesideOneLoopSite_isOpenCoded_andTheLoopUsesCompactEntries_C4(String name) {
        List<String> calls = Bytecodes.callsTo(method(name), FRAME);
        assertTrue(calls.stream().noneMatch(call -> call.startsWith("push") || call.startsWith("pop")),
                name + ": no entry has a site id, so the static site is not on the frame: " + calls);
        // the loop's registration takes it, or the prologue once a call has taken it (D24): not the static site
        assertEquals(2, Bytecodes.callsTo(method(name), "io/jdefer/runtime/FramePool").stream().filter(c -> c.equals("acquire")).count(),
                name + ": the frame is taken only by the loop's registration and the prologue");
    }

    @Test
    void staticSitesAroundATwoSiteLoop_doNotPushEntries_C4() {
        // the frame's dispatch has a case per site on it: the two loop sites, whose position says which (D35)
        MethodNode method = method("aroundTwoSiteLoop");
        List<Integer> cases = new java.util.ArrayList<>();
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof TableSwitchInsnNode table) {
                cases.add(table.labels.size());
            }
        }
        assertEquals(List.of(2, 2), cases, "only the two loop sites are dispatched from the frame, in each of its two pop loops (D33)");
        assertEquals(0, Bytecodes.count(method, Opcodes.IASTORE), "no site id stored: the loop sites register in one cycle");
    }

    @Test
    void staticSiteBetweenTwoLoops_staysOnTheFrame_C2() {
        assertEquals(3, Bytecodes.count(method("betweenLoops"), Opcodes.IASTORE), "every site writes entries");
    }

    @Test
    void staticBeforeTheLoop_runsAfterEveryEntry_S2() throws Throwable {
        program().call("t.Mixed", "lockThenLoop", "lock", new String[] {"a", "b", "c"});
        assertEquals(List.of("close c", "close b", "close a", "close lock"), Trace.take());
        program().call("t.Mixed", "lockThenLoop", "lock", new String[] {});
        assertEquals(List.of("close lock"), Trace.take());
    }

    @Test
    void staticAfterTheLoop_runsBeforeEveryEntry_S2() throws Throwable {
        program().call("t.Mixed", "loopThenStatic", "last", new String[] {"a", "b"});
        assertEquals(List.of("close last", "close b", "close a"), Trace.take());
    }

    @Test
    void bothGroupsAndConditions_keepLifoAndS3() throws Throwable {
        program().call("t.Mixed", "aroundTwoSiteLoop", 1);
        assertEquals(List.of("after 1", "b 0", "a 0", "before 1"), Trace.take());
        assertThrows(IllegalArgumentException.class, () -> program().call("t.Mixed", "aroundTwoSiteLoop", 2));
        assertEquals(List.of("failed 2", "b 1", "a 1", "b 0", "a 0", "before 2"), Trace.take());
    }

    @Test
    void conditionalStaticSite_runsOnlyWhenRegistered_S2() throws Throwable {
        program().call("t.Mixed", "conditionalBefore", true, 2);
        assertEquals(List.of("entry 1", "entry 0", "maybe"), Trace.take());
        program().call("t.Mixed", "conditionalBefore", false, 2);
        assertEquals(List.of("entry 1", "entry 0"), Trace.take());
    }

    @Test
    void betweenLoops_keepsLifo_S2() throws Throwable {
        program().call("t.Mixed", "betweenLoops", 2);
        assertEquals(List.of("second loop 1", "second loop 0", "between", "first loop 1", "first loop 0"), Trace.take());
    }

    @Test
    void throwingActions_inBothParts_areMergedAndTheRestRuns_S4() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> program().call("t.Mixed", "lockThenLoop", "bad lock", new String[] {"a", "bad b", "c"}));
        assertEquals(List.of("close c", "close bad b", "close a", "close bad lock"), Trace.take());
        assertEquals("bad b", e.getMessage());
        assertEquals(1, e.getSuppressed().length);
        assertEquals("bad lock", e.getSuppressed()[0].getMessage());
    }

    @Test
    void staticActionThrowingAfterTheFrameWasReleased_doesNotReleaseItTwice_C4() throws Throwable {
        // The nested call borrows a spare frame; its static action throws after the frame went back,
        // and the restarted epilogue must not give it back again (the thread would then keep one
        // frame twice and lend it to two invocations).
        FrameSemanticsTest.onFreshThread(() -> {
            program().call("t.Mixed", "outer", "bad lock", 5);
            assertEquals(2, PoolProbe.cachedFrames(), "the primary and one spare, each once");
        });
        assertEquals(List.of("close z", "close y", "close x", "close w", "close v", "close bad lock", "caught bad lock",
                "outer 4", "outer 3", "outer 2", "outer 1", "outer 0"), Trace.take());
    }
}
