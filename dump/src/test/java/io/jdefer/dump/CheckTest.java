package io.jdefer.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SPEC section 6, --check: one line per allocation on the normal path of a method in a @Deferred
 * scope, tagged with who wrote it; exit 1 only for what jdefer added, the method's own allocations
 * failing only with --check-all. The exception path may allocate (docs/dump.md).
 */
class CheckTest {
    @Test
    void checkAll_onMethodsThatAllocateByThemselves_exitsOneWithOneLinePerOffender() {
        Dump.Result result = Dump.run("--check-all", "--release", "17", Dump.input("Allocating.java"));
        assertEquals(1, result.status(), result.out() + result.err());
        List<String> lines = List.of(result.out().split("\n"));
        assertEquals(4, lines.size(), result.out());
        assertTrue(lines.contains("g/Allocating.java:15: g.Allocating.handle(I)Ljava/lang/String; allocates on its normal path:"
                + " string concatenation (pc 1) [own code]"), result.out());
        assertTrue(lines.contains("g/Allocating.java:20: g.Allocating.batch(I)V allocates on its normal path: newarray (pc 1) [own code]"),
                result.out());
        // the lambda bodies box: javac 17 and 25 number them differently, so match the prefix
        assertTrue(lines.stream().anyMatch(l -> l.matches("g/Allocating.java:14: g.Allocating.lambda\\$handle\\$\\d\\(I\\)V allocates on"
                + " its normal path: boxing Integer \\(pc 5\\) \\[own code\\]")), result.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("g/Allocating.java:21: g.Allocating.lambda\\$batch\\$\\d\\(\\[I\\)V allocates"
                + " on its normal path: boxing Integer \\(pc 6\\) \\[own code\\]")), result.out());
        assertTrue(lines.stream().noneMatch(l -> l.contains("notInScope")), "outside @Deferred scopes nothing is checked");
    }

    @Test
    void check_onMethodsThatAllocateByThemselves_reportsThemAndPasses() {
        // javac's string concatenation, the int[] and the boxing in the lambda bodies are the methods' own:
        // jdefer added nothing that allocates (the lambda objects it removed were javac's too).
        Dump.Result result = Dump.run("--check", "--release", "17", Dump.input("Allocating.java"));
        assertEquals(0, result.status(), result.out() + result.err());
        List<String> lines = List.of(result.out().split("\n"));
        assertEquals(4, lines.size(), result.out());
        assertTrue(lines.stream().allMatch(l -> l.endsWith(" [own code]")), result.out());
    }

    @Test
    void check_onCleanClass_exitsZeroSilently() {
        // Clean allocates only on exception paths: the IllegalArgumentException of a bad argument,
        // and the message built in a deferOnError action.
        Dump.Result result = Dump.run("--check", "--release", "17", Dump.input("Clean.java"));
        assertEquals("", result.out());
        assertEquals(0, result.status(), result.err());
    }

    @Test
    void check_withMethod_checksOnlyThatMethod() {
        Dump.Result result = Dump.run("--check-all", "--method", "batch", "--release", "17", Dump.input("Allocating.java"));
        assertEquals(1, result.status());
        assertEquals("g/Allocating.java:20: g.Allocating.batch(I)V allocates on its normal path: newarray (pc 1) [own code]\n", result.out());
    }

    @Test
    void listing_marksExceptionPathAllocations() {
        Dump.Result result = Dump.run("-S", "--method", "add", "--release", "17", Dump.input("Clean.java"));
        assertTrue(result.out().contains("  allocations 2 sites, 0 on the normal path\n"), result.out());
        assertTrue(result.out().matches("(?s).* e         new           java/lang/IllegalArgumentException   <- ALLOC .*"), result.out());
    }

    @Test
    void listing_marksOnErrorActionBody() {
        Dump.Result result = Dump.run("-S", "--release", "17", Dump.input("Clean.java"));
        assertTrue(result.out().matches("(?s).*== g\\.Clean\\.lambda\\$audited\\$\\d\\(\\)V\n  scope       @Deferred\\(AUTO\\),"
                + " runs only on the exception path\n.*"), result.out());
    }
}
