package io.jdefer.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** --jit: the method is run hot in a child JVM; HotSpot's own diagnostics say what became of it. */
class JitTest {
    @Test
    void jit_compilesTheHotMethodAndReportsInlining() {
        Dump.Result result = Dump.run("--jit", "--method", "increment", "--jit-calls", "20000", "--release", "17",
                Dump.input("Golden.java"));
        assertEquals(0, result.status(), result.err());
        String out = result.out();
        assertTrue(out.startsWith("== --jit g.Golden.increment(I)I\n"), out);
        assertTrue(out.contains("  run         called g.Golden.increment 20000 times, 0 threw\n"), out);
        assertTrue(out.contains("  verdict     compiled; "), out);
        assertTrue(out.matches("(?s).*g\\.Golden::increment \\(\\d+ bytes\\).*"), out);
        assertTrue(out.contains("java.util.concurrent.locks.ReentrantLock::lock"), "what C2 inlined into it:\n" + out);
    }

    @Test
    void jit_withoutMethod_isRefused() {
        Dump.Result result = Dump.run("--jit", "--release", "17", Dump.input("Golden.java"));
        assertEquals(2, result.status());
        assertTrue(result.err().contains("--jit needs --method NAME"), result.err());
    }
}
