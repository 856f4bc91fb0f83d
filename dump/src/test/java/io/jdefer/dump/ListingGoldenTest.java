package io.jdefer.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * SPEC section 6: the -S listing and the --diff view, compared whole with checked-in goldens (the
 * format is stable: docs/dump.md). Inputs are compiled with --release 17 and hold at most one
 * lambda per class, so javac 17 and 25 write the same bytecode (they number lambda bodies
 * differently when a class has several).
 */
class ListingGoldenTest {
    @Test
    void listing_ofOpenCodedFrameAndDeferLocal_matchesGolden() {
        Dump.Result result = Dump.run("-S", "--release", "17", Dump.input("Golden.java"));
        assertEquals(0, result.status(), result.err());
        Dump.assertGolden("Golden.S.txt", result.out());
    }

    @Test
    void listing_ofRecoverHandOffs_matchesGolden() {
        Dump.Result result = Dump.run("-S", "--release", "17", Dump.input("Recovering.java"));
        assertEquals(0, result.status(), result.err());
        Dump.assertGolden("Recovering.S.txt", result.out());
    }

    @Test
    void diff_ofOneMethod_matchesGolden() {
        Dump.Result result = Dump.run("--diff", "--method", "increment", "--release", "17", Dump.input("Golden.java"));
        assertEquals(0, result.status(), result.err());
        Dump.assertGolden("Golden.increment.diff.txt", result.out());
    }

    @Test
    void listing_withFrames_showsLocalsAndStack() {
        Dump.Result result = Dump.run("-S", "--frames", "--method", "increment", "--release", "17", Dump.input("Golden.java"));
        assertEquals(0, result.status(), result.err());
        // the handler: this and by set (javac's try/finally shape has no prologue, and the final field's
        // receiver is read again, D27); the stack holds the thrown exception, which goes to the added exit (D37)
        assertTrue(result.out().matches("(?s).*\\n    42 e epilog  aload_0 +\\[R I : R\\]\\n.*"), result.out());
    }

    @Test
    void listing_withAll_showsMethodsOutsideScopes() {
        Dump.Result result = Dump.run("-S", "--all", "--release", "17", Dump.input("Allocating.java"));
        assertEquals(0, result.status(), result.err());
        assertTrue(result.out().contains("== g.Allocating.notInScope(I)Ljava/lang/String;\n  scope       not in a @Deferred scope\n"),
                result.out());
        assertTrue(result.out().contains("== g.Allocating.<init>()V"), result.out());
    }

    @Test
    void listing_withMethod_showsOnlyThatMethod() {
        Dump.Result result = Dump.run("-S", "--method", "loop", "--release", "17", Dump.input("Golden.java"));
        assertEquals(0, result.status(), result.err());
        assertTrue(result.out().startsWith("== g.Golden.loop(I)I\n"), result.out());
        assertEquals(1, result.out().split("\n== ").length, result.out());
    }

    @Test
    void listing_ofClassWithoutScopes_saysSoOnStandardError() {
        Dump.Result result = Dump.run("-S", "--method", "nothingLikeThis", "--release", "17", Dump.input("Golden.java"));
        assertEquals(0, result.status());
        assertEquals("", result.out());
        assertTrue(result.err().contains("no method in a @Deferred scope named nothingLikeThis"), result.err());
    }
}
