package io.jdefer.dump;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Compiles {@code .java} inputs in-process through {@code javax.tools}, with the jdefer processor,
 * exactly as a user's build would: once rewriting ({@code after}) and once with
 * {@code -Ajdefer.rewrite=false} ({@code before}, what javac alone wrote, checked the same way).
 *
 * <p>The processor, the API and the runtime travel inside the dump jar as whole jars under
 * {@code META-INF/jdefer-dump/lib/} (see the module's pom.xml): they are copied out once per JVM,
 * the API and runtime go on javac's class path, and the processor is loaded by a child-first
 * class loader so that no other copy of it on the class path (a user's test class path) wins.
 */
public final class SourceCompiler {
    static final String LIB = "META-INF/jdefer-dump/lib/";
    private static final String[] JARS = {"jdefer-processor.jar", "jdefer-annotations.jar", "jdefer-runtime.jar"};
    private static Jars jars;

    /** Where the processor, the API and the runtime are: jars, or class directories in a build. */
    record Jars(Path processor, Path annotations, Path runtime) {}

    /** Class files by internal name, before and after rewriting, and javac's messages. */
    public record Result(Map<String, byte[]> before, Map<String, byte[]> after, List<String> diagnostics) {}

    private final List<String> classPath;
    private final List<String> options;

    /**
     * @param classPath more class path entries for the user's sources
     * @param options more javac options ({@code --release 17}, {@code -parameters}, ...)
     */
    public SourceCompiler(List<String> classPath, List<String> options) {
        this.classPath = List.copyOf(classPath);
        this.options = List.copyOf(options);
    }

    public Result compile(List<Path> sources) {
        List<String> diagnostics = new ArrayList<>();
        Map<String, byte[]> after = compile(sources, true, diagnostics);
        Map<String, byte[]> before = compile(sources, false, new ArrayList<>());
        return new Result(before, after, diagnostics);
    }

    private Map<String, byte[]> compile(List<Path> sources, boolean rewrite, List<String> messages) {
        Jars lib = jars();
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new DumpException("no Java compiler in this runtime (" + System.getProperty("java.home")
                    + "): run the dump with a JDK, not a JRE");
        }
        Path out = null;
        try (URLClassLoader loader = new ChildFirstLoader(new URL[] {lib.processor().toUri().toURL()})) {
            out = Files.createTempDirectory("jdefer-dump-classes");
            DiagnosticCollector<JavaFileObject> collected = new DiagnosticCollector<>();
            try (StandardJavaFileManager files = compiler.getStandardFileManager(collected, Locale.ROOT, StandardCharsets.UTF_8)) {
                files.setLocation(StandardLocation.CLASS_OUTPUT, List.of(out.toFile()));
                List<String> path = new ArrayList<>(classPath);
                path.add(lib.annotations().toString());
                path.add(lib.runtime().toString());
                List<String> all = new ArrayList<>(List.of("-g", "-Xlint:-options", "-classpath", String.join(java.io.File.pathSeparator, path)));
                all.addAll(options);
                all.add("-Ajdefer.rewrite=" + rewrite);
                Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
                JavaCompiler.CompilationTask task = compiler.getTask(null, files, collected, all, null, units);
                Processor processor = (Processor) loader.loadClass("io.jdefer.processor.DeferProcessor").getConstructor().newInstance();
                task.setProcessors(List.of(processor));
                boolean success = task.call();
                for (Diagnostic<? extends JavaFileObject> diagnostic : collected.getDiagnostics()) {
                    if (diagnostic.getKind() != Diagnostic.Kind.NOTE) {
                        messages.add(format(diagnostic));
                    }
                }
                if (!success) {
                    throw new DumpException("javac failed:\n" + String.join("\n", messages));
                }
            }
            return readClasses(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ReflectiveOperationException e) {
            throw new DumpException("cannot load the jdefer processor from " + lib.processor() + ": " + e);
        } finally {
            if (out != null) {
                deleteTree(out);
            }
        }
    }

    private static String format(Diagnostic<? extends JavaFileObject> diagnostic) {
        String where = diagnostic.getSource() == null ? "" : Path.of(diagnostic.getSource().toUri()).getFileName() + ":"
                + diagnostic.getLineNumber() + ": ";
        return where + diagnostic.getKind().toString().toLowerCase(Locale.ROOT) + ": " + diagnostic.getMessage(Locale.ROOT);
    }

    /** Class files under {@code root}, by internal name, sorted. */
    static Map<String, byte[]> readClasses(Path root) throws IOException {
        Map<String, byte[]> classes = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.filter(p -> p.toString().endsWith(".class"))::iterator) {
                String relative = root.relativize(path).toString().replace('\\', '/');
                classes.put(relative.substring(0, relative.length() - ".class".length()), Files.readAllBytes(path));
            }
        }
        return classes;
    }

    /**
     * The processor, API and runtime. From the dump jar (the command line, a user's test class
     * path): the nested jars, copied out once per JVM. From a class directory (the dump's own
     * build and tests, an IDE): wherever the class path has them, so that a build never uses
     * nested copies left by an earlier one.
     */
    static synchronized Jars jars() {
        if (jars != null) {
            return jars;
        }
        Path self = codeSource(SourceCompiler.class.getName().replace('.', '/') + ".class");
        if (self != null && Files.isDirectory(self)) {
            Path processor = codeSource("io/jdefer/processor/DeferProcessor.class");
            Path annotations = codeSource("io/jdefer/Defers.class");
            Path runtime = codeSource("io/jdefer/runtime/FramePool.class");
            if (processor != null && annotations != null && runtime != null) {
                jars = new Jars(processor, annotations, runtime);
                return jars;
            }
        }
        Path lib = lib();
        jars = new Jars(lib.resolve(JARS[0]), lib.resolve(JARS[1]), lib.resolve(JARS[2]));
        return jars;
    }

    /** The class path entry (jar or directory) that holds {@code resource}, or {@code null}. */
    private static Path codeSource(String resource) {
        URL url = SourceCompiler.class.getClassLoader().getResource(resource);
        if (url == null) {
            return null;
        }
        String text = url.toString();
        try {
            if (text.startsWith("jar:file:")) {
                return Path.of(new java.net.URI(text.substring("jar:".length(), text.indexOf("!/"))));
            }
            if (text.startsWith("file:")) {
                Path file = Path.of(url.toURI());
                for (int i = 0; i < resource.split("/").length; i++) {
                    file = file.getParent();
                }
                return file;
            }
        } catch (java.net.URISyntaxException e) {
            return null;
        }
        return null;
    }

    /** The directory holding the nested jars, copied out of the dump jar once per JVM. */
    private static Path lib() {
        try {
            Path directory = Files.createTempDirectory("jdefer-dump-lib");
            for (String jar : JARS) {
                try (InputStream in = SourceCompiler.class.getClassLoader().getResourceAsStream(LIB + jar)) {
                    if (in == null) {
                        throw new DumpException("the dump jar has no " + LIB + jar + ": build it with Maven (mvn install), which puts"
                                + " jdefer-processor, -annotations and -runtime there");
                    }
                    Files.copy(in, directory.resolve(jar), StandardCopyOption.REPLACE_EXISTING);
                }
                directory.resolve(jar).toFile().deleteOnExit();
            }
            directory.toFile().deleteOnExit();
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }

    /** Loads {@code io.jdefer.*} from its own jar first: the processor of the dump's release, whatever else is on the class path. */
    static final class ChildFirstLoader extends URLClassLoader {
        ChildFirstLoader(URL[] urls) throws MalformedURLException {
            super("jdefer-dump-processor", urls, SourceCompiler.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("io.jdefer.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    try {
                        loaded = findClass(name);
                    } catch (ClassNotFoundException e) {
                        loaded = super.loadClass(name, false);
                    }
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }
    }
}
