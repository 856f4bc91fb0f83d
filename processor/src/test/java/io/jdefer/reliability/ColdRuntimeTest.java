package io.jdefer.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.Defers;
import io.jdefer.runtime.FramePool;
import io.jdefer.testing.Compilation;
import io.jdefer.testing.Javac;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 14 item 1, SPEC S2, S4, S6, C5: a {@code StackOverflowError} that unwinds through rewritten
 * methods while the jdefer runtime is cold must behave like the hand-written try/finally twin, and
 * leave the runtime and the API loadable. Each case runs in a class loader of its own over jars, as
 * a user's program does (the runtime, the API and the program each in a jar, nothing loaded yet), on
 * a thread with a fixed stack.
 *
 * <p>Every level's action needs stack of its own ({@code burn}), so near the overflow the actions
 * overflow too, at every depth of the last few hundred kilobytes: each handler on the way up merges
 * (S4) with less and then more stack to spare. Before the fix the merge was a call of
 * {@code Deferrals.merge}, loaded on that path: the class path dropped each jar it was opening when
 * the overflow hit it, and every later use of jdefer failed with {@code NoClassDefFoundError}.
 */
class ColdRuntimeTest {
    private static final String PROGRAM = """
            package t;
            import static io.jdefer.Defers.*;
            import io.jdefer.*;

            public class Deep {
                static int depth, cleaned;
                static int burn(int k) { return k == 0 ? 0 : 1 + burn(k - 1); }
                static void note() { cleaned++; burn(3000); }

                @Deferred static void openCoded(int n) { defer(Deep::note); depth = n; openCoded(n + 1); }
                @Deferred static int lambda(int n) { defer(() -> { cleaned++; burn(3000); }); depth = n; return lambda(n + 1) + 1; }
                @Deferred static void frame(int n) { for (int i = 0; i < 1; i++) { defer(Deep::note); } depth = n; frame(n + 1); }
                @Deferred static void exitRecovering() {
                    cleaned++;
                    burn(3000);
                    Throwable t = recover();
                    if (t instanceof Error) { throw (Error) t; }
                }
                @Deferred static void recovering(int n) { defer(Deep::exitRecovering); depth = n; recovering(n + 1); }
                static void handWritten(int n) { try { depth = n; handWritten(n + 1); } finally { note(); } }

                @Deferred static int normal(int x) { defer(Deep::note); return x + 1; }
                @Deferred static void merging() { defer(() -> { throw new IllegalStateException("action"); }); throw new IllegalArgumentException("body"); }

                /** Runs one deep recursion, then ordinary uses of jdefer; says what happened. */
                public static String run(String which, boolean warm) throws Exception {
                    if (warm) {
                        normal(1);
                        try { merging(); } catch (IllegalArgumentException expected) { }
                        for (String name : new String[] {"Deferrals", "Recovery", "FramePool", "DeferFrame"}) {
                            Class.forName("io.jdefer.runtime." + name);
                        }
                    }
                    depth = 0;
                    cleaned = 0;
                    String outcome;
                    try {
                        switch (which) {
                            case "openCoded": openCoded(0); break;
                            case "lambda": lambda(0); break;
                            case "frame": frame(0); break;
                            case "recovering": recovering(0); break;
                            default: handWritten(0);
                        }
                        outcome = "returned";
                    } catch (Throwable t) {
                        outcome = t.getClass().getSimpleName();
                    }
                    StringBuilder out = new StringBuilder(outcome);
                    out.append(", ").append(depth + 1 - cleaned).append(" of ").append(depth + 1).append(" levels not cleaned");
                    cleaned = 0;
                    out.append("; normal ").append(normal(1)).append(cleaned == 1 ? " cleaned" : " not cleaned");
                    try {
                        merging();
                    } catch (IllegalArgumentException e) {
                        out.append("; merged ").append(e.getSuppressed().length);
                    } catch (Throwable t) {
                        out.append("; merge failed: ").append(t);
                    }
                    for (String name : new String[] {"io.jdefer.Defers", "io.jdefer.runtime.Deferrals", "io.jdefer.runtime.Recovery"}) {
                        try {
                            Class.forName(name);
                        } catch (Throwable t) {
                            out.append("; ").append(t);
                        }
                    }
                    return out.toString();
                }
            }
            """;

    /** The stack of the thread that recurses: 512 KiB. */
    private static final long STACK = 1 << 19;

    private static Path jars;
    private static List<URL> classPath;

    @BeforeAll
    static void writeJars() throws Exception {
        Compilation program = Javac.javac().compile(PROGRAM).assertSuccess().assertVerifies();
        jars = Files.createTempDirectory("jdefer-cold");
        classPath = List.of(
                jar("program.jar", program.classes()),
                jar("jdefer-annotations.jar", classesOf(Defers.class, "io/jdefer/")),
                jar("jdefer-runtime.jar", classesOf(FramePool.class, "io/jdefer/runtime/")));
    }

    @AfterAll
    static void deleteJars() throws IOException {
        try (Stream<Path> paths = Files.walk(jars)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        }
    }

    @ParameterizedTest(name = "{0}, runtime warm: {1}")
    @CsvSource({"handWritten,false", "openCoded,false", "lambda,false", "frame,false", "recovering,false",
            "openCoded,true", "frame,true", "recovering,true"})
    void aStackOverflowThroughRewrittenMethods_leavesTheRuntimeLoadable_likeTryFinally_S2_S4_C5(String which, boolean warm) throws Exception {
        String outcome = runAlone(which, warm);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(", (\\d+) of (\\d+) levels not cleaned").matcher(outcome);
        assertTrue(m.find(), outcome);
        int missing = Integer.parseInt(m.group(1));
        int levels = Integer.parseInt(m.group(2));
        assertEquals("StackOverflowError; normal 2 cleaned; merged 1", outcome.replace(m.group(), ""));
        // In the last frames before the overflow even the twin's finally cannot start its call. What is
        // fixed there is stack, not levels: the JIT state decides how many levels a kilobyte holds
        // (about 3,500 levels in the thread's 512 KiB interpreted, 24,000 once C2 has compiled the
        // recursion early), so the loss is measured in bytes, levels times the stack one level took.
        // Measured on JDK 17 and 25, from -Xint to C2 compiling the recursion early (docs/testing.md, bug 6):
        // - the twin: 0 to 15 levels, at most 320 bytes;
        // - open-coded and lambda: the twin's shape (D26: no offer to a target that cannot claim), its figures;
        // - frame: one more call (Deferrals.merge, the shared handler's) comes before the first action on
        //   the body's error path: 0 to 18 levels, at most 620 bytes;
        // - recovering: the hand-off (Recovery.offer, then the claim in the target's prologue) needs more
        //   stack than a plain call: 6 to 243 levels, at most 7.3 KiB.
        // Before D26 a target that cannot claim was offered too: 51 to 60 levels (about 1.5 KiB) once C2
        // had compiled the recursion early. Before D17 the frame variant lost 124 levels, and the runtime.
        long stackPerLevel = STACK / levels;
        long lost = missing * stackPerLevel;
        long allowed = which.equals("recovering") ? 12 * 1024 : 2 * 1024;
        System.out.println("ColdRuntimeTest " + which + (warm ? " warm" : " cold") + ": " + missing + " of " + levels
                + " levels not cleaned, " + lost + " bytes");
        assertTrue(lost <= allowed, which + ": " + missing + " of " + levels + " levels not cleaned, "
                + lost + " bytes of stack at " + stackPerLevel + " a level, want at most " + allowed);
    }

    /** Runs {@code Deep.run} in a fresh class loader that sees only the three jars, on a 512 KB stack. */
    private static String runAlone(String which, boolean warm) throws Exception {
        AtomicReference<Object> result = new AtomicReference<>();
        try (URLClassLoader loader = new URLClassLoader(classPath.toArray(new URL[0]), ClassLoader.getPlatformClassLoader())) {
            Thread thread = new Thread(null, () -> {
                try {
                    result.set(loader.loadClass("t.Deep").getMethod("run", String.class, boolean.class).invoke(null, which, warm));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    result.set(e);
                }
            }, "deep-" + which, STACK);
            thread.start();
            thread.join();
        }
        if (result.get() instanceof Exception) {
            throw (Exception) result.get();
        }
        return (String) result.get();
    }

    private static URL jar(String name, Map<String, byte[]> classes) throws IOException {
        Path path = jars.resolve(name);
        try (OutputStream file = Files.newOutputStream(path); JarOutputStream out = new JarOutputStream(file)) {
            for (Map.Entry<String, byte[]> e : classes.entrySet()) {
                String entry = e.getKey().endsWith(".class") ? e.getKey() : e.getKey().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(entry));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return path.toUri().toURL();
    }

    /** The class files under {@code prefix} (not in its subpackages) of the directory or jar that holds {@code type}. */
    private static Map<String, byte[]> classesOf(Class<?> type, String prefix) throws IOException, URISyntaxException {
        Path root = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, byte[]> classes = new java.util.TreeMap<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> files = Files.list(root.resolve(prefix))) {
                for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                    classes.put(prefix + file.getFileName(), Files.readAllBytes(file));
                }
            }
        } else {
            try (JarFile jar = new JarFile(root.toFile())) {
                List<JarEntry> entries = new ArrayList<>(jar.stream().toList());
                for (JarEntry entry : entries) {
                    String name = entry.getName();
                    if (name.startsWith(prefix) && name.endsWith(".class") && name.indexOf('/', prefix.length()) < 0) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            classes.put(name, in.readAllBytes());
                        }
                    }
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return classes;
    }
}
