package io.jdefer.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SPEC section 6, --check: exit 1 and one line per allocation on the normal path of a method in a
 * @Deferred scope; 0 when there is none. The exception path may allocate (docs/dump.md).
 */
class CheckTest {
    @Test
    void check_onAllocatingMethods_exitsOneWithOneLinePerOffender() {
        Dump.Result result = Dump.run("--check", "--release", "17", Dump.input("Allocating.java"));
        assertEquals(1, result.status(), result.out() + result.err());
        List<String> lines = List.of(result.out().split("\n"));
        assertEquals(4, lines.size(), result.out());
        assertTrue(lines.contains("g/Allocating.java:15: g.Allocating.handle(I)Ljava/lang/String; allocates on its normal path:"
                + " string concatenation (pc 19)"), result.out());
        assertTrue(lines.contains("g/Allocating.java:20: g.Allocating.batch(I)V allocates on its normal path: newarray (pc 11)"),
                result.out());
        // the lambda bodies box: javac 17 and 25 number them differently, so match the prefix
        assertTrue(lines.stream().anyMatch(l -> l.matches("g/Allocating.java:14: g.Allocating.lambda\\$handle\\$\\d\\(I\\)V allocates on"
                + " its normal path: boxing Integer \\(pc 5\\)")), result.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("g/Allocating.java:21: g.Allocating.lambda\\$batch\\$\\d\\(\\[I\\)V allocates"
                + " on its normal path: boxing Integer \\(pc 6\\)")), result.out());
        assertTrue(lines.stream().noneMatch(l -> l.contains("notInScope")), "outside @Deferred scopes nothing is checked");
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
        Dump.Result result = Dump.run("--check", "--method", "batch", "--release", "17", Dump.input("Allocating.java"));
        assertEquals(1, result.status());
        assertEquals("g/Allocating.java:20: g.Allocating.batch(I)V allocates on its normal path: newarray (pc 11)\n", result.out());
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
