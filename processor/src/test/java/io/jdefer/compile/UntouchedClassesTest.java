package io.jdefer.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.processor.DeferProcessor;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC section 7 (compile time on code without {@code @Deferred}) and C5: a class whose source
 * names nothing of jdefer's API is neither planned nor read back from the class output; a class
 * that does is, and a class that names an API method outside a {@code @Deferred} scope is still
 * checked (C1).
 */
class UntouchedClassesTest {
    @TempDir
    Path out;

    private static JavaFileObject source(String name, String code) {
        return new SimpleJavaFileObject(URI.create("string:///" + name.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return code;
            }
        };
    }

    /** Compiles with the processor; returns the class files jdefer asked the Filer for. */
    private List<String> readBack(DiagnosticCollector<JavaFileObject> diagnostics, JavaFileObject... sources) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> read = new ArrayList<>();
        try (StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            standard.setLocation(StandardLocation.CLASS_OUTPUT, List.of(Files.createDirectories(out).toFile()));
            JavaFileManager files = new ForwardingJavaFileManager<>(standard) {
                // javac's Filer serves getResource on an output location through getFileForOutput; javac writes its own
                // class files through getJavaFileForOutput
                @Override
                public FileObject getFileForOutput(Location location, String packageName, String relativeName, FileObject sibling)
                        throws IOException {
                    if (location == StandardLocation.CLASS_OUTPUT && !read.contains(packageName + "/" + relativeName)) {
                        read.add(packageName + "/" + relativeName);
                    }
                    return super.getFileForOutput(location, packageName, relativeName, sibling);
                }
            };
            JavaCompiler.CompilationTask task = javac.getTask(null, files, diagnostics,
                    List.of("-classpath", System.getProperty("java.class.path")), null, List.of(sources));
            task.setProcessors(List.of(new DeferProcessor()));
            task.call();
        }
        return read;
    }

    @Test
    void aClassNamingNothingOfJdefer_isNotReadBack_andOneThatDoesIs_section7_C5() throws IOException {
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> read = readBack(diagnostics,
                source("p.Plain", """
                        package p;
                        import java.util.function.Supplier;
                        public class Plain {
                            interface Closer { void close(); }
                            int run(Supplier<Integer> s) { Closer c = () -> {}; try { return s.get(); } finally { c.close(); } }
                        }
                        """),
                source("p.Uses", """
                        package p;
                        import static io.jdefer.Defers.defer;
                        import io.jdefer.Deferred;
                        public class Uses {
                            @Deferred int run(Runnable r) { defer(r::run); return 1; }
                        }
                        """));
        assertTrue(diagnostics.getDiagnostics().isEmpty(), diagnostics.getDiagnostics().toString());
        assertEquals(List.of("p/Uses.class"), read);
    }

    @Test
    void aQualifiedCallOutsideAScope_isStillAnError_C1() throws IOException {
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        readBack(diagnostics, source("p.Outside", """
                package p;
                public class Outside {
                    void run(Runnable r) { io.jdefer.Defers.defer(r::run); }
                }
                """));
        assertEquals(1, diagnostics.getDiagnostics().size(), diagnostics.getDiagnostics().toString());
        assertTrue(diagnostics.getDiagnostics().get(0).getMessage(null).contains("@Deferred"),
                diagnostics.getDiagnostics().get(0).getMessage(null));
    }
}
