package io.jdefer.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.testing.Javac;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's transformer rules (SPEC section 5, C5, S11), called as the JVM calls it: {@code null}
 * for every class it leaves alone, never an exception into the class loader, errors on stderr
 * naming class and method, the hierarchy from the loader's resources.
 */
class DeferringTransformerTest {
    static final String SOURCE = """
            package a;
            import static io.jdefer.Defers.*;
            import io.jdefer.*;
            public class Subject {
                @Deferred static void run() { defer(() -> System.out.println("x")); }
                static class Plain { int one() { return 1; } }
                static class Outside { void run() { defer(() -> {}); } }
            }
            """;

    @TempDir
    Path temp;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final DeferringTransformer transformer = new DeferringTransformer(true, new PrintStream(err, true, StandardCharsets.UTF_8));
    private final Map<String, byte[]> classes = Javac.javac().withoutProcessor().compile(SOURCE).assertSuccess().classes();

    @Test
    void aDeferredClass_isRewritten_throughItsLoadersResources() throws Exception {
        try (URLClassLoader loader = loader()) {
            byte[] bytes = transformer.transform(loader, "a/Subject", null, null, classes.get("a.Subject"));
            assertNotNull(bytes, err.toString(StandardCharsets.UTF_8));
            assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("jdefer: a.Subject.run()V: open-coded"), err.toString());
            assertNull(transformer.transform(loader, "a/Subject", null, null, bytes), "already rewritten");
        }
    }

    @Test
    void classesItMustNotTouch_getNull_C5() throws Exception {
        try (URLClassLoader loader = loader()) {
            assertNull(transformer.transform(loader, "a/Subject$Plain", null, null, classes.get("a.Subject$Plain")));
            assertNull(transformer.transform(null, "a/Subject", null, null, classes.get("a.Subject")), "bootstrap loader");
            assertNull(transformer.transform(ClassLoader.getPlatformClassLoader(), "a/Subject", null, null, classes.get("a.Subject")));
            assertNull(transformer.transform(loader, "a/Subject", Object.class, null, classes.get("a.Subject")), "a redefinition");
            assertNull(transformer.transform(loader, "io/jdefer/runtime/Anything", null, null, classes.get("a.Subject")), "jdefer's own");
            assertNull(transformer.transform(loader, "io/jdefer/Defers", null, null, classes.get("a.Subject")), "the API");
            assertNull(transformer.transform(loader, "java/util/Anything", null, null, classes.get("a.Subject")), "the JDK's");
            assertNull(transformer.transform(loader, null, null, null, classes.get("a.Subject")), "a hidden class");
        }
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aClassItCannotRewrite_isLoadedAsItIs_withTheErrorOnStderr_S11() throws Exception {
        try (URLClassLoader loader = loader()) {
            assertNull(transformer.transform(loader, "a/Subject$Outside", null, null, classes.get("a.Subject$Outside")));
            String printed = err.toString(StandardCharsets.UTF_8);
            assertTrue(printed.contains("jdefer agent: error: [jdefer:OUTSIDE_SCOPE] a.Subject$Outside.run()V"), printed);
            byte[] truncated = java.util.Arrays.copyOf(classes.get("a.Subject"), 200);
            assertNull(transformer.transform(loader, "a/Subject", null, null, truncated));
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("a/Subject") || err.toString(StandardCharsets.UTF_8).contains("a.Subject"));
        }
    }

    private URLClassLoader loader() throws Exception {
        for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
            Path file = temp.resolve(entry.getKey().replace('.', '/') + ".class");
            Files.createDirectories(file.getParent());
            Files.write(file, entry.getValue());
        }
        return new URLClassLoader(new URL[] {temp.toUri().toURL()}, DeferringTransformerTest.class.getClassLoader());
    }
}
