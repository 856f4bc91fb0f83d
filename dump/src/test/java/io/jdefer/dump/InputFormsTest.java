package io.jdefer.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC section 6: every input form (.java, .class, class directory, jar) gives the same listing;
 * only a .java input knows javac's code size before rewriting.
 */
class InputFormsTest {
    @TempDir
    static Path temp;
    static Path classes;
    static String fromSource;

    @BeforeAll
    static void compile() throws IOException {
        classes = Dump.compile(Files.createDirectories(temp.resolve("classes")), "Golden.java", "Recovering.java");
        Dump.Result result = Dump.run("-S", "--release", "17", Dump.input("Golden.java"), Dump.input("Recovering.java"));
        assertEquals(0, result.status(), result.err());
        fromSource = Dump.withoutSizesBefore(result.out());
    }

    @Test
    void classDirectory_withSourcePath_listsLikeSource() {
        Dump.Result result = Dump.run("-S", "--source-path", Dump.INPUTS, classes);
        assertEquals(0, result.status(), result.err());
        assertEquals(fromSource, result.out());
    }

    @Test
    void jar_withSourcePath_listsLikeSource() throws IOException {
        Path jar = Dump.jar(classes, temp.resolve("golden.jar"));
        Dump.Result result = Dump.run("-S", "--source-path", Dump.INPUTS, jar);
        assertEquals(0, result.status(), result.err());
        assertEquals(fromSource, result.out());
    }

    @Test
    void classFile_listsItsOwnMethods() {
        Dump.Result source = Dump.run("-S", "--release", "17", Dump.input("Recovering.java"));
        Dump.Result result = Dump.run("-S", "--source-path", Dump.INPUTS, classes.resolve("g/Recovering.class"));
        assertEquals(0, result.status(), result.err());
        assertEquals(Dump.withoutSizesBefore(source.out()), result.out());
    }

    @Test
    void classFile_inClassScope_findsItsOuterClassNextToIt() throws IOException {
        Path dir = Dump.compile(Files.createDirectories(temp.resolve("nested")), "Clean.java");
        Dump.Result result = Dump.run("-S", dir.resolve("g/Clean.class"));
        assertEquals(0, result.status(), result.err());
        assertTrue(result.out().contains("== g.Clean.add(J)J\n  scope       @Deferred(AUTO)\n"), result.out());
    }

    @Test
    void classDirectory_withoutSources_showsLineNumbersOnly() {
        Dump.Result result = Dump.run("-S", "--method", "increment", classes);
        assertEquals(0, result.status(), result.err());
        assertTrue(result.out().contains("          // 23\n"), result.out());
    }

    @Test
    void missingInput_exitsTwo() {
        Dump.Result result = Dump.run("-S", temp.resolve("nothing.class"));
        assertEquals(2, result.status());
        assertTrue(result.err().contains("no such file or directory"), result.err());
    }

    @Test
    void brokenSource_exitsTwoWithJavacMessage() throws IOException {
        Path broken = Files.writeString(temp.resolve("Broken.java"), "class Broken { void m() { int x = ; } }\n");
        Dump.Result result = Dump.run("-S", broken);
        assertEquals(2, result.status());
        assertTrue(result.err().contains("javac failed") && result.err().contains("Broken.java:1"), result.err());
    }
}
