package io.jdefer.testing;

import io.jdefer.processor.DeferProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Compiles test sources in-process through {@code javax.tools}, with the jdefer processor, to a
 * fresh directory on disk (the Filer's file path; for the in-memory path see compile-testing in
 * {@code InMemoryCompileTest}). The class path is the test class path: the API, the runtime and
 * {@link Trace}.
 */
public final class Javac {
    private final List<String> options = new ArrayList<>();
    private boolean processor = true;
    private javax.annotation.processing.Processor instance;
    private String extraClasspath = "";

    public static Javac javac() {
        return new Javac();
    }

    /** Extra javac options, e.g. {@code -g:none}, {@code -Ajdefer.verbose}. */
    public Javac options(String... more) {
        options.addAll(List.of(more));
        return this;
    }

    /** Runs this processor instead of a fresh {@link DeferProcessor}. */
    public Javac processor(javax.annotation.processing.Processor custom) {
        instance = custom;
        return this;
    }

    /** Class files of an earlier compilation, before the test class path: a partial recompile. */
    public Javac classpath(Path directory) {
        extraClasspath = directory + java.io.File.pathSeparator;
        return this;
    }

    /** Compiles without the processor: what javac alone writes. */
    public Javac withoutProcessor() {
        processor = false;
        return this;
    }

    public Compilation compile(String... texts) {
        List<Source> sources = new ArrayList<>();
        for (String text : texts) {
            sources.add(Source.of(text));
        }
        return compile(sources);
    }

    public Compilation compile(List<Source> sources) {
        Path out;
        try {
            out = Files.createTempDirectory("jdefer-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return compileTo(sources, out);
        } finally {
            deleteTree(out);
        }
    }

    private Compilation compileTo(List<Source> sources, Path out) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            files.setLocation(StandardLocation.CLASS_OUTPUT, List.of(out.toFile()));
            List<JavaFileObject> units = new ArrayList<>();
            for (Source source : sources) {
                units.add(new StringSource(source));
            }
            List<String> all = new ArrayList<>(List.of("-classpath", extraClasspath + System.getProperty("java.class.path"), "-Xlint:-options"));
            all.addAll(options);
            if (!processor) {
                all.add("-proc:none");
            }
            JavaCompiler.CompilationTask task = compiler.getTask(null, files, diagnostics, all, null, units);
            if (processor) {
                task.setProcessors(List.of(instance != null ? instance : new DeferProcessor()));
            }
            boolean success = task.call();
            return new Compilation(success, diagnostics.getDiagnostics(), readClasses(out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, byte[]> readClasses(Path root) throws IOException {
        Map<String, byte[]> classes = new HashMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.filter(p -> p.toString().endsWith(".class"))::iterator) {
                String relative = root.relativize(path).toString();
                String name = relative.substring(0, relative.length() - ".class".length()).replace('/', '.').replace('\\', '.');
                classes.put(name, Files.readAllBytes(path));
            }
        }
        return classes;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    private static final class StringSource extends SimpleJavaFileObject {
        private final String text;

        StringSource(Source source) {
            super(URI.create("string:///" + source.path()), Kind.SOURCE);
            this.text = source.text();
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }
}
