package io.jdefer.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.processor.DeferProcessor;
import io.jdefer.testing.Bytecodes;
import io.jdefer.testing.Trace;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.annotation.processing.Completion;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC C6 and section 5: jdefer under IntelliJ's builder (JPS). JPS wraps the processing
 * environment in a {@link Proxy} whose handler keeps javac's environment in a field of type
 * {@code Object}, and its file manager keeps javac's class output in memory and writes the files
 * itself after javac. Both are reproduced here with the JDK's own APIs.
 */
class BuildToolTest {
    static final String SOURCE = EnvironmentTest.SOURCE;

    @TempDir
    Path dir;

    /**
     * Wraps the environment as JPS does: an anonymous {@link InvocationHandler} that captures a
     * local declared {@code Object}, so javac gives it a field {@code val$delegateTo} of type Object.
     */
    static ProcessingEnvironment jpsProxy(ProcessingEnvironment environment) {
        final Object delegateTo = environment;
        InvocationHandler handler = new InvocationHandler() {
            @Override
            public Object invoke(Object proxy, java.lang.reflect.Method method, Object[] args) throws Throwable {
                return method.invoke(delegateTo, args);
            }
        };
        return (ProcessingEnvironment) Proxy.newProxyInstance(BuildToolTest.class.getClassLoader(),
                new Class<?>[] {ProcessingEnvironment.class}, handler);
    }

    /** Runs {@link DeferProcessor} behind the JPS-shaped proxy. */
    static final class JpsProcessor implements Processor {
        private final DeferProcessor inner = new DeferProcessor();

        @Override public Set<String> getSupportedOptions() { return inner.getSupportedOptions(); }
        @Override public Set<String> getSupportedAnnotationTypes() { return inner.getSupportedAnnotationTypes(); }
        @Override public SourceVersion getSupportedSourceVersion() { return inner.getSupportedSourceVersion(); }
        @Override public Iterable<? extends Completion> getCompletions(Element e, AnnotationMirror a, ExecutableElement m, String t) {
            return List.of();
        }
        @Override public void init(ProcessingEnvironment environment) { inner.init(jpsProxy(environment)); }
        @Override public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            return inner.process(annotations, round);
        }
    }

    @Test
    void jpsProxy_holdsTheDelegateInAnObjectField() throws Exception {
        // The shape this test relies on: no field declared as ProcessingEnvironment, one Object field named like JPS's.
        ProcessingEnvironment proxy = jpsProxy((ProcessingEnvironment) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ProcessingEnvironment.class}, (p, m, a) -> null));
        Field[] fields = Proxy.getInvocationHandler(proxy).getClass().getDeclaredFields();
        assertEquals(1, fields.length);
        assertEquals("val$delegateTo", fields[0].getName());
        assertEquals(Object.class, fields[0].getType());
    }

    @Test
    void jpsProxiedEnvironment_isUnwrapped_andTheMethodRewritten_C6() throws Throwable {
        MemoryOutput output = new MemoryOutput(dir.resolve("classes"));
        assertTrue(compile(new JpsProcessor(), output), output.diagnostics);
        output.flush();
        byte[] bytes = Files.readAllBytes(dir.resolve("classes/t/Env.class"));
        assertEquals(List.of(), Bytecodes.callsTo(Bytecodes.method(bytes, "run"), "io/jdefer/Defers"));
        assertEquals(List.of("loop 1", "loop 0", "exit 2"), run(dir.resolve("classes"), 2));
    }

    /**
     * JPS's file manager writes javac's output after javac: a rewrite put on disk during GENERATE
     * would be overwritten with javac's bytes. jdefer writes through the Filer, so the file
     * manager holds the rewritten bytes and writes those (SPEC section 5).
     */
    @Test
    void fileManagerThatWritesTheOutputItself_writesTheRewrittenBytes_C6() throws Throwable {
        MemoryOutput output = new MemoryOutput(dir.resolve("classes"));
        assertTrue(compile(new DeferProcessor(), output), output.diagnostics);
        assertFalse(Files.exists(dir.resolve("classes/t/Env.class")), "nothing is on disk before the file manager writes it");
        output.flush();
        byte[] bytes = Files.readAllBytes(dir.resolve("classes/t/Env.class"));
        assertEquals(List.of(), Bytecodes.callsTo(Bytecodes.method(bytes, "run"), "io/jdefer/Defers"));
        assertEquals(List.of("loop 1", "loop 0", "exit 2"), run(dir.resolve("classes"), 2));
    }

    /**
     * C6: a clean build stays clean under {@code -Werror -Xlint:all} with javac's own file manager
     * ({@code processing} is D14's, checked where javac discovers the processor). JDK 25's
     * {@code output-file-clash}, which a second write through that file manager would raise, only
     * tracks files when the file manager is javac's command-line one, so the command line is
     * checked by {@code scripts/consumer-checks.sh lint} on JDK 25.
     */
    @Test
    void javacsOwnFileManager_underWerrorAndAllLints_staysClean_C6() throws Throwable {
        io.jdefer.testing.Compilation c = io.jdefer.testing.Javac.javac().options("-Werror", "-Xlint:all,-processing")
                .compile(SOURCE).assertSuccess().assertVerifies();
        assertEquals(List.of(), Bytecodes.callsTo(Bytecodes.method(c.bytes("t.Env"), "run"), "io/jdefer/Defers"));
    }

    private boolean compile(Processor processor, MemoryOutput output) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager standard = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            Files.createDirectories(output.root);
            standard.setLocation(StandardLocation.CLASS_OUTPUT, List.of(output.root.toFile()));
            JavaFileObject source = new SimpleJavaFileObject(URI.create("string:///t/Env.java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return SOURCE;
                }
            };
            JavaCompiler.CompilationTask task = compiler.getTask(null, output.over(standard), diagnostics,
                    List.of("-classpath", System.getProperty("java.class.path"), "-Xlint:-options"), null, List.of(source));
            task.setProcessors(List.of(processor));
            boolean success = task.call();
            output.diagnostics = diagnostics.getDiagnostics().toString();
            return success;
        }
    }

    private static List<String> run(Path classes, int n) throws Throwable {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, BuildToolTest.class.getClassLoader())) {
            Trace.take();
            java.lang.reflect.Method method = loader.loadClass("t.Env").getDeclaredMethod("run", int.class);
            method.setAccessible(true);
            assertEquals(n, method.invoke(null, n));
            return Trace.take();
        }
    }

    /**
     * A class output like JPS's: each request for an output file gets a fresh file object whose
     * URI is the file on disk; what is written is kept in memory (by path) and can be read back
     * from there; the files reach the disk only when {@link #flush} writes them, after javac.
     */
    static final class MemoryOutput {
        final Path root;
        final Map<Path, byte[]> written = new ConcurrentHashMap<>();
        String diagnostics = "";

        MemoryOutput(Path root) {
            this.root = root;
        }

        ForwardingJavaFileManager<StandardJavaFileManager> over(StandardJavaFileManager standard) {
            return new ForwardingJavaFileManager<>(standard) {
                @Override
                public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                           FileObject sibling) throws IOException {
                    if (location != StandardLocation.CLASS_OUTPUT) {
                        return super.getJavaFileForOutput(location, className, kind, sibling);
                    }
                    return file(root.resolve(className.replace('.', '/') + kind.extension), kind);
                }

                @Override
                public FileObject getFileForOutput(Location location, String packageName, String relativeName, FileObject sibling)
                        throws IOException {
                    if (location != StandardLocation.CLASS_OUTPUT) {
                        return super.getFileForOutput(location, packageName, relativeName, sibling);
                    }
                    Path path = (packageName.isEmpty() ? root : root.resolve(packageName.replace('.', '/'))).resolve(relativeName);
                    return file(path, relativeName.endsWith(".class") ? JavaFileObject.Kind.CLASS : JavaFileObject.Kind.OTHER);
                }

                @Override
                public boolean isSameFile(FileObject a, FileObject b) {
                    return a.toUri().equals(b.toUri());
                }
            };
        }

        private JavaFileObject file(Path path, JavaFileObject.Kind kind) {
            return new SimpleJavaFileObject(path.toUri(), kind) {
                @Override
                public OutputStream openOutputStream() {
                    return new ByteArrayOutputStream() {
                        @Override
                        public void close() {
                            written.put(path, toByteArray());
                        }
                    };
                }

                @Override
                public InputStream openInputStream() throws IOException {
                    byte[] bytes = written.get(path);
                    if (bytes == null) {
                        throw new FileNotFoundException(path.toString());
                    }
                    return new ByteArrayInputStream(bytes);
                }
            };
        }

        /** Writes the kept output to disk, as JPS does once javac is done. */
        void flush() throws IOException {
            List<Path> paths = new ArrayList<>(written.keySet());
            for (Path path : paths) {
                Files.createDirectories(path.getParent());
                Files.write(path, written.get(path));
            }
        }
    }
}
