package io.jdefer.dump;

import static io.jdefer.dump.JdeferAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SPEC section 6: the Java API for users' tests, on classes loaded the way a test loads them. */
class JdeferAssertionsTest {
    @TempDir
    static Path temp;
    static URLClassLoader loader;

    @BeforeAll
    static void compile() throws IOException {
        Path classes = Dump.compile(Files.createDirectories(temp.resolve("classes")), "Golden.java", "Clean.java", "Allocating.java");
        loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, JdeferAssertionsTest.class.getClassLoader());
    }

    @AfterAll
    static void close() throws IOException {
        loader.close();
    }

    static Class<?> load(String name) throws ClassNotFoundException {
        return Class.forName(name, false, loader);
    }

    @Test
    void openCodedMethod_passesItsAssertions() throws Exception {
        assertThat(load("g.Golden")).method("increment").isRewritten().isOpenCoded().hasSites(1).allocatesNothing()
                .allocatesNothingAnywhere().codeSizeAtMost(MethodDump.FREQ_INLINE_SIZE);
    }

    @Test
    void frameMethod_usesFrame() throws Exception {
        assertThat(load("g.Golden")).method("loop").usesFrame().allocatesNothing();
    }

    @Test
    void cleanClass_allocatesNothing() throws Exception {
        assertThat(load("g.Clean")).allocatesNothing();
    }

    @Test
    void allocatingMethod_failsWithItsListing() throws Exception {
        AssertionError error = assertThrows(AssertionError.class,
                () -> assertThat(load("g.Allocating")).method("handle").allocatesNothing());
        assertTrue(error.getMessage().startsWith("g.Allocating.handle(I)Ljava/lang/String; allocates on its normal path: string"
                + " concatenation (pc 1, line 15)"), error.getMessage());
        assertTrue(error.getMessage().contains("<- ALLOC string concatenation"), error.getMessage());
    }

    @Test
    void allocatingClass_failsNamingEachOffender() throws Exception {
        AssertionError error = assertThrows(AssertionError.class, () -> assertThat(load("g.Allocating")).allocatesNothing());
        assertEquals(5, error.getMessage().split("\n").length, error.getMessage());
    }

    @Test
    void allocatingByItself_passesJdeferAddsNoAllocation_section6() throws Exception {
        // --check's split in the API: the string concatenation and the int[] are the methods' own
        assertThat(load("g.Allocating")).jdeferAddsNoAllocation().method("handle").jdeferAddsNoAllocation();
    }

    @Test
    void exceptionPathAllocation_failsOnlyTheStricterAssertion() throws Exception {
        JdeferAssertions.MethodAssert add = assertThat(load("g.Clean")).method("add").allocatesNothing();
        assertThrows(AssertionError.class, add::allocatesNothingAnywhere);
    }

    @Test
    void wrongStrategy_fails() throws Exception {
        AssertionError error = assertThrows(AssertionError.class, () -> assertThat(load("g.Golden")).method("loop").isOpenCoded());
        assertTrue(error.getMessage().startsWith("g.Golden.loop(I)I is frame, want open-coded"), error.getMessage());
    }

    @Test
    void methodOutsideScope_isNotRewritten() throws Exception {
        AssertionError error = assertThrows(AssertionError.class,
                () -> assertThat(load("g.Allocating")).method("notInScope").isRewritten());
        assertTrue(error.getMessage().contains("was not rewritten by jdefer"), error.getMessage());
    }

    @Test
    void unknownMethod_failsListingTheMethods() throws Exception {
        AssertionError error = assertThrows(AssertionError.class, () -> assertThat(load("g.Golden")).method("absent"));
        assertTrue(error.getMessage().startsWith("want one method absent in g.Golden, have 0: <init>()V, increment(I)I"),
                error.getMessage());
    }

    @Test
    void dump_exposesTheAnalysis() throws Exception {
        ClassDump dump = JdeferAssertions.dump(load("g.Golden"));
        assertEquals("g/Golden", dump.name());
        assertEquals("Golden.java", dump.sourceFile());
        assertTrue(dump.hasScopes());
    }
}
