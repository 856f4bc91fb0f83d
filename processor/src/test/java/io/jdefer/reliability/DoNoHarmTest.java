package io.jdefer.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jdefer.processor.DeferProcessor;
import io.jdefer.testing.Bytecodes;
import io.jdefer.testing.Compilation;
import io.jdefer.testing.Javac;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * SPEC C5, do no harm: a real project written elsewhere (the sources jar of Apache Commons Lang
 * 3, a test-scope dependency) compiled by the running JDK's javac with the processor and without
 * it ({@code -proc:none}) gives byte-identical class files, and two runs with the processor give
 * identical bytes. {@code --release 17} on every JDK: the same sources, the same API, so the test
 * means the same thing on JDK 17 and 25 (and Commons Lang's use of APIs deprecated later does not
 * matter).
 */
class DoNoHarmTest {
    static final List<String> OPTIONS = List.of("--release", "17", "-g", "-parameters", "-encoding", "UTF-8", "-nowarn", "-Xlint:none",
            "-implicit:none");

    static List<JavaFileObject> corpus;
    static Map<String, byte[]> withoutProcessor;
    static Map<String, byte[]> withProcessor;
    static List<Diagnostic<? extends JavaFileObject>> processorDiagnostics = new ArrayList<>();

    @BeforeAll
    static void compileTheCorpus() throws IOException {
        corpus = sourcesOf(sourcesJar());
        withoutProcessor = compile(corpus, false, new ArrayList<>());
        withProcessor = compile(corpus, true, processorDiagnostics);
    }

    @Test
    void realProject_compilesToIdenticalBytes_withAndWithoutTheProcessor_C5() {
        assertTrue(withoutProcessor.size() > 300, "want the whole of Commons Lang, have " + withoutProcessor.size() + " classes");
        assertEquals(withoutProcessor.keySet(), withProcessor.keySet(), "the same class files");
        List<String> differing = new ArrayList<>();
        for (String name : withoutProcessor.keySet()) {
            if (!Arrays.equals(withoutProcessor.get(name), withProcessor.get(name))) {
                differing.add(name);
            }
        }
        assertEquals(List.of(), differing, "class files the processor changed, of " + withoutProcessor.size());
        System.out.printf("jdefer do-no-harm: %d class files from %d sources identical with and without the processor (JDK %s)%n",
                withoutProcessor.size(), corpus.size(), System.getProperty("java.specification.version"));
    }

    @Test
    void realProject_givesTheProcessorNothingToSay_C1() {
        List<String> ours = processorDiagnostics.stream().map(d -> d.getKind() + ": " + d.getMessage(Locale.ROOT))
                .filter(m -> m.contains("jdefer") || m.startsWith("ERROR")).collect(Collectors.toList());
        assertEquals(List.of(), ours);
    }

    @Test
    void twoRunsWithTheProcessor_writeIdenticalBytes_C5() throws IOException {
        Map<String, byte[]> again = compile(corpus, true, new ArrayList<>());
        assertEquals(withProcessor.keySet(), again.keySet());
        for (String name : again.keySet()) {
            assertTrue(Arrays.equals(withProcessor.get(name), again.get(name)), name + " differs between two runs");
        }
    }

    /**
     * Determinism where it is hardest: a fuzz batch, every method rewritten (open-coded and frame,
     * recovering actions, @Defer locals), compiled twice in one JVM gives the same bytes (C5).
     */
    @Test
    void rewrittenPrograms_twoRunsWriteIdenticalBytes_C5() {
        FuzzModel.Batch batch = DifferentialFuzzTest.batch(DifferentialFuzzTest.CI_SEED + 1000, 24);
        Compilation first = Javac.javac().compile(FuzzRunner.sources(batch)).assertSuccess();
        Compilation second = Javac.javac().compile(FuzzRunner.sources(batch)).assertSuccess();
        assertEquals(first.classes().keySet(), second.classes().keySet());
        for (String name : first.classes().keySet()) {
            assertTrue(Arrays.equals(first.bytes(name), second.bytes(name)), name + " differs between two runs");
        }
    }

    /**
     * In a file that uses jdefer, classes without {@code @Deferred} are byte-identical to javac's,
     * and in a {@code @Deferred}-scope class the methods outside any scope keep their code (C5).
     */
    @Test
    void onlyMethodsInADeferredScope_change_C5() {
        String source = """
                package t;
                import static io.jdefer.Defers.*;
                import io.jdefer.*;
                import io.jdefer.testing.Trace;

                public class Mixed {
                    static int plain(int n) {
                        try { return Integer.parseInt("" + n) * 2; } finally { Trace.log("finally"); }
                    }
                    @Deferred
                    static int scoped(int n) {
                        defer(() -> Trace.log("deferred " + n));
                        return plain(n) + 1;
                    }
                    int field = plain(3);
                    Runnable lambda() { return () -> Trace.log("plain lambda"); }
                    static class Nested { int twice(int x) { return 2 * x; } }
                }
                class Other {
                    static String name() { return "other"; }
                    interface Callback { void on(int x); }
                    enum Color { RED, GREEN }
                }
                """;
        Compilation plain = Javac.javac().withoutProcessor().compile(source);
        Compilation processed = Javac.javac().compile(source).assertSuccess().assertVerifies();
        assertEquals(plain.classes().keySet(), processed.classes().keySet());
        for (String name : plain.classes().keySet()) {
            if (!name.equals("t.Mixed")) {
                assertTrue(Arrays.equals(plain.bytes(name), processed.bytes(name)), name + " changed");
            }
        }
        ClassNode before = Bytecodes.classNode(plain.bytes("t.Mixed"));
        ClassNode after = Bytecodes.classNode(processed.bytes("t.Mixed"));
        List<String> changed = new ArrayList<>();
        for (MethodNode method : before.methods) {
            MethodNode rewritten = after.methods.stream().filter(m -> m.name.equals(method.name) && m.desc.equals(method.desc))
                    .findFirst().orElse(null);
            if (rewritten == null || !text(method).equals(text(rewritten))) {
                changed.add(method.name);
            }
        }
        assertEquals(List.of("scoped"), changed, "methods whose code changed");
        assertEquals(new TreeSet<>(List.of("field")), before.fields.stream().map(f -> f.name).collect(Collectors.toCollection(TreeSet::new)));
    }

    private static String text(MethodNode method) {
        return method.access + " " + method.maxStack + " " + method.maxLocals + "\n" + Bytecodes.text(method);
    }

    // ---------------------------------------------------------------- the corpus

    /** The Commons Lang sources jar, found on the test class path (Maven resolved it from the pom). */
    static Path sourcesJar() {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("commons-lang3-") && name.endsWith("-sources.jar")) {
                return Path.of(entry);
            }
        }
        fail("no commons-lang3 sources jar on the test class path: it is a test dependency of processor/pom.xml");
        return null;
    }

    static List<JavaFileObject> sourcesOf(Path jar) throws IOException {
        List<JavaFileObject> sources = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements();) {
                ZipEntry entry = entries.nextElement();
                if (entry.getName().endsWith(".java") && !entry.getName().endsWith("module-info.java")) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        sources.add(new TextSource(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                    }
                }
            }
        }
        return sources;
    }

    /**
     * Compiles with an empty class path (Commons Lang needs only the JDK) to a fresh directory;
     * with the processor given to the task, as a build tool does.
     */
    static Map<String, byte[]> compile(List<JavaFileObject> sources, boolean processor, List<Diagnostic<? extends JavaFileObject>> out)
            throws IOException {
        Path dir = Files.createTempDirectory("jdefer-harm");
        try {
            JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
                files.setLocation(StandardLocation.CLASS_OUTPUT, List.of(dir.toFile()));
                files.setLocation(StandardLocation.CLASS_PATH, List.of());
                List<String> options = new ArrayList<>(OPTIONS);
                if (!processor) {
                    options.add("-proc:none");
                }
                JavaCompiler.CompilationTask task = compiler.getTask(null, files, diagnostics, options, null, sources);
                if (processor) {
                    task.setProcessors(List.of(new DeferProcessor()));
                }
                boolean success = task.call();
                out.addAll(diagnostics.getDiagnostics());
                if (!success) {
                    fail("javac failed" + (processor ? " with the processor" : "") + ":\n" + diagnostics.getDiagnostics().stream()
                            .filter(d -> d.getKind() == Diagnostic.Kind.ERROR).limit(20)
                            .map(d -> d.getSource() + ":" + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
                            .collect(Collectors.joining("\n")));
                }
            }
            return read(dir);
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Map<String, byte[]> read(Path root) throws IOException {
        Map<String, byte[]> classes = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.filter(p -> p.toString().endsWith(".class"))::iterator) {
                classes.put(root.relativize(path).toString(), Files.readAllBytes(path));
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return classes;
    }

    private static final class TextSource extends SimpleJavaFileObject {
        private final String text;

        TextSource(String path, String text) {
            super(URI.create("string:///" + path), Kind.SOURCE);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }
}
