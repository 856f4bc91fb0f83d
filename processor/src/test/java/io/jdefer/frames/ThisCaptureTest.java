package io.jdefer.frames;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.testing.Bytecodes;
import io.jdefer.testing.Compilation;
import io.jdefer.testing.Programs;
import io.jdefer.testing.Trace;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.MethodNode;

/**
 * A frame entry does not hold {@code this} (SPEC C4, D21): a lambda in a loop of an instance
 * method that captures {@code this} and one value uses compact entries, the value alone; one that
 * captures {@code this} and two values keeps two values per entry. S1 and S2 are unchanged: each
 * action runs on the invocation's own receiver with its own iteration's values, last first.
 */
class ThisCaptureTest {
    static final String PROGRAM = """
            package t;
            import static io.jdefer.Defers.*;
            import io.jdefer.*;
            import io.jdefer.testing.Trace;

            @Deferred
            public class Holder {
                final String name;
                Holder(String name) { this.name = name; }
                void release(int k) { Trace.log(name + " release " + k); }
                void record(long t, double d) { Trace.log(name + " record " + t + " " + d); }

                void releases(int n) {
                    for (int i = 0; i < n; i++) {
                        int k = i;
                        defer(() -> release(k));
                    }
                }

                void records(int n) {
                    for (int i = 0; i < n; i++) {
                        long t = 10L * i;
                        double d = i / 2.0;
                        defer(() -> record(t, d));
                    }
                }

                void methodRefs(int n) {
                    for (int i = 0; i < n; i++) {
                        defer(this::done);
                    }
                }

                void done() { Trace.log(name + " done"); }

                static void run(String name, int n) {
                    Holder h = new Holder(name);
                    h.releases(n);
                    h.records(n);
                    h.methodRefs(n);
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
        return Bytecodes.method(program().bytes("t.Holder"), name);
    }

    @Test
    void thisAndOneValue_usesCompactEntries_C4() {
        List<String> calls = Bytecodes.callsTo(method("releases"), FRAME);
        assertTrue(calls.contains("primStack") && !calls.contains("refStack") && !calls.contains("siteStack"),
                "the int alone goes on the frame: " + calls);
    }

    @Test
    void thisAndTwoValues_holdsOnlyTheValues_C4() {
        MethodNode method = method("records");
        List<String> calls = Bytecodes.callsTo(method, FRAME);
        assertTrue(!calls.contains("refStack"), "no reference per entry: " + calls);
        assertEquals(2, Bytecodes.count(method, Opcodes.LASTORE), "a long and a double per entry");
        assertEquals(0, Bytecodes.count(method, Opcodes.AASTORE));
    }

    @Test
    void eachActionRunsOnItsReceiver_withItsValues_lastFirst_S1_S2() throws Throwable {
        program().call("t.Holder", "run", "h", 3);
        assertEquals(List.of("h release 2", "h release 1", "h release 0",
                "h record 20 1.0", "h record 10 0.5", "h record 0 0.0",
                "h done", "h done", "h done"), Trace.take());
    }
}
