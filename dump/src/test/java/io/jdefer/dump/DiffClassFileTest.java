package io.jdefer.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC section 6, --diff on a class file that was not rewritten: the dump runs the rewriter on it
 * in-process and shows javac's method and jdefer's side by side, as for a .java input.
 */
class DiffClassFileTest {
    @TempDir
    Path temp;

    /** Compiles inputs/g/{@code name} with javac alone ({@code -proc:none}): no processor, no rewrite. */
    private Path compileWithoutProcessor(String name) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        SourceCompiler.Jars jars = SourceCompiler.jars();
        Path out = Files.createDirectories(temp.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("-proc:none", "-g", "--release", "17", "-d", out.toString(), "-classpath",
                jars.annotations() + File.pathSeparator + jars.runtime(), Dump.input(name).toString()));
        assertEquals(0, javac.run(null, null, null, args.toArray(new String[0])));
        return out;
    }

    @Test
    void diff_ofProcNoneClassFile_matchesTheDiffOfItsSource() throws Exception {
        Path classes = compileWithoutProcessor("Golden.java");
        Dump.Result result = Dump.run("--diff", "--method", "increment", "--source-path", Dump.INPUTS, classes.resolve("g/Golden.class"));
        assertEquals(0, result.status(), result.err());
        Dump.assertGolden("Golden.increment.diff.txt", result.out());
    }

    @Test
    void diff_ofNestedClass_takesTheStrategyOfItsEnclosingClass() throws Exception {
        // Inner has no @Deferred: its scope is Nested's, found through InnerClasses in Nested.class (SPEC S8)
        Path classes = compileWithoutProcessor("Nested.java");
        Dump.Result result = Dump.run("--diff", "--method", "run", classes.resolve("g/Nested$Inner.class"));
        assertEquals(0, result.status(), result.err());
        assertTrue(result.out().startsWith("== g.Nested$Inner.run()V   "), result.out());
        assertTrue(result.out().contains(", open-coded\n"), result.out());
        assertTrue(result.out().contains(" action invokevirtual Nested$Inner.lambda$run$0:()V"), result.out());
    }

    @Test
    void diff_ofRewrittenClassFile_isAnError() throws Exception {
        Path classes = Dump.compile(Files.createDirectories(temp.resolve("rewritten")), "Golden.java");
        Dump.Result result = Dump.run("--diff", classes.resolve("g/Golden.class"));
        assertEquals(2, result.status());
        assertTrue(result.err().contains("was rewritten by jdefer already"), result.err());
    }
}
