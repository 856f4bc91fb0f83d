package io.jdefer.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** SPEC section 6, --java: the rewritten class as Java source, by Vineflower. */
class DecompileTest {
    @Test
    void java_showsTheLoweringAsSource() {
        Dump.Result result = Dump.run("--java", "--release", "17", Dump.input("Golden.java"));
        assertEquals(0, result.status(), result.err());
        String out = result.out();
        assertTrue(out.startsWith("// g.Golden (decompiled by Vineflower)\npackage g;\n"), out);
        assertTrue(out.contains("var5.unlock();") || out.contains(".unlock();"), out);
        assertTrue(out.contains("FramePool.acquire("), "the frame lowering's pool call:\n" + out);
        assertTrue(out.contains("Deferrals.merge("), out);
        assertFalse(out.contains("Defers.defer("), "no registration call is left:\n" + out);
        assertFalse(out.contains("Please report this to the Vineflower issue tracker"), out);
        assertEquals("", result.err());
    }
}
