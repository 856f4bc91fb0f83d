package io.jdefer.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openrewrite.InMemoryExecutionContext;
import org.openrewrite.Recipe;
import org.openrewrite.SourceFile;
import org.openrewrite.internal.InMemoryLargeSourceSet;
import org.openrewrite.java.JavaParser;

/**
 * The differential round trip: hand-written cleanup (javac alone), converted by TryFinallyToDefer
 * (compiled with the jdefer processor), and inlined back by InlineDefers (javac alone, no jdefer
 * left in the source) print the same log of every exit: S2 order, S3 on error only, S4 suppression.
 */
class RoundTripTest {

    @Test
    void convertThenInline_runsTheSameAsTheHandWrittenSource() throws Exception {
        String original = resource("roundtrip/Shop.java");
        String expected = Compiled.compile("Shop", original, false).run();

        String converted = rewrite(new TryFinallyToDefer(), original);
        assertEquals(7, count(converted, "defer(") + count(converted, "deferOnError(") + count(converted, "@Defer "),
            "every site of Shop converts:\n" + converted);
        assertEquals(expected, Compiled.compile("Shop", converted, true).run(), converted);

        String inlined = rewrite(new InlineDefers(), converted);
        assertFalse(inlined.contains("jdefer"), inlined);
        assertEquals(expected, Compiled.compile("Shop", inlined, false).run(), inlined);

        // the log itself: LIFO unlocks (S2), close b then a with the body's exception first (S4), rollback only on error (S3)
        assertTrue(expected.contains("resources both: -> open a;open b;use;close b;close a;threw java.io.IOException: body suppressed "
            + "[java.lang.IllegalStateException: close b, java.lang.IllegalStateException: close a]"), expected);
        assertTrue(expected.contains("save: -> work;commit;ok"), expected);
        assertTrue(expected.endsWith("locked at end: false"), expected);
    }

    private static String rewrite(Recipe recipe, String source) {
        InMemoryExecutionContext ctx = new InMemoryExecutionContext(e -> {
            throw new AssertionError(e);
        });
        List<SourceFile> parsed = JavaParser.fromJavaVersion().classpath("jdefer-annotations").build()
            .parse(ctx, source).toList();
        var results = recipe.run(new InMemoryLargeSourceSet(parsed), ctx).getChangeset().getAllResults();
        assertEquals(1, results.size(), "one file changed by " + recipe.getName());
        return results.get(0).getAfter().printAll();
    }

    private static int count(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = RoundTripTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
