package io.jdefer.migrate;

import io.jdefer.processor.DeferProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * One source compiled in-process through {@code javax.tools} (as processor/src/test's Javac does),
 * with the jdefer processor or without it ({@code -proc:none}), to a fresh directory, and a static
 * {@code String run()} of its class invoked in a class loader of its own.
 */
final class Compiled {
    private final Path out;
    private final String className;

    private Compiled(Path out, String className) {
        this.out = out;
        this.className = className;
    }

    static Compiled compile(String className, String source, boolean withProcessor) throws IOException {
        Path out = Files.createTempDirectory("jdefer-roundtrip");
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            files.setLocation(StandardLocation.CLASS_OUTPUT, List.of(out.toFile()));
            JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///" + className + ".java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return source;
                }
            };
            List<String> options = new ArrayList<>(List.of("-classpath", System.getProperty("java.class.path"), "-Xlint:-options"));
            if (!withProcessor) {
                options.add("-proc:none");
            }
            JavaCompiler.CompilationTask task = compiler.getTask(null, files, diagnostics, options, null, List.of(unit));
            if (withProcessor) {
                task.setProcessors(List.of(new DeferProcessor()));
            }
            if (!task.call()) {
                throw new AssertionError("compile failed (processor " + withProcessor + "): " + diagnostics.getDiagnostics() + "\n" + source);
            }
        }
        return new Compiled(out, className);
    }

    String run() throws ReflectiveOperationException {
        URL[] urls;
        try {
            urls = new URL[] {out.toUri().toURL()};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (URLClassLoader loader = new URLClassLoader(urls, Compiled.class.getClassLoader())) {
            return (String) loader.loadClass(className).getMethod("run").invoke(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
