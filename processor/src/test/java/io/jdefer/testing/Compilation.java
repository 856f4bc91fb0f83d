package io.jdefer.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/** The outcome of one javac run: success, diagnostics, and the class files it left. */
public final class Compilation {
    private final boolean success;
    private final List<Diagnostic<? extends JavaFileObject>> diagnostics;
    private final Map<String, byte[]> classes;
    private ClassLoader loader;

    Compilation(boolean success, List<Diagnostic<? extends JavaFileObject>> diagnostics, Map<String, byte[]> classes) {
        this.success = success;
        this.diagnostics = diagnostics;
        this.classes = new TreeMap<>(classes);
    }

    /** A compilation whose classes a given loader defines (one that reads them from a directory, for the agent). */
    Compilation(boolean success, List<Diagnostic<? extends JavaFileObject>> diagnostics, Map<String, byte[]> classes, ClassLoader loader) {
        this(success, diagnostics, classes);
        this.loader = loader;
    }

    public boolean success() {
        return success;
    }

    public List<Diagnostic<? extends JavaFileObject>> diagnostics() {
        return diagnostics;
    }

    public List<Diagnostic<? extends JavaFileObject>> diagnostics(Diagnostic.Kind kind) {
        return diagnostics.stream().filter(d -> d.getKind() == kind).collect(Collectors.toList());
    }

    public String diagnosticsText() {
        return diagnostics.stream().map(d -> d.getKind() + " line " + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
                .collect(Collectors.joining("\n"));
    }

    /** Class files by binary name ({@code demo.Foo$1}). */
    public Map<String, byte[]> classes() {
        return classes;
    }

    public byte[] bytes(String binaryName) {
        byte[] bytes = classes.get(binaryName);
        if (bytes == null) {
            fail("no class file " + binaryName + " among " + classes.keySet());
        }
        return bytes;
    }

    /** Fails unless javac succeeded; returns this. */
    public Compilation assertSuccess() {
        if (!success) {
            fail("compilation failed:\n" + diagnosticsText());
        }
        return this;
    }

    /**
     * Runs ASM's {@link CheckClassAdapter} data-flow verifier over every class file (the JVM's
     * verifier runs too, when the classes are loaded: surefire sets {@code -Xverify:all}).
     */
    public Compilation assertVerifies() {
        for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
            String problems = verify(entry.getValue(), loader());
            if (!problems.isEmpty()) {
                fail("class " + entry.getKey() + " does not verify:\n" + problems);
            }
        }
        return this;
    }

    /**
     * What ASM's data-flow verifier finds wrong in {@code classFile}, empty when nothing. Its
     * analyzer's default limits (400 MB allocated, 5 * 10^10 operations) are a guard on its own
     * resources, not a rule of the JVM, and a large generated method passed them (fuzz seed 2528
     * on JDK 25: "Too many allocated bytes"); these are the largest it takes.
     */
    public static String verify(byte[] classFile, ClassLoader loader) {
        StringWriter out = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(classFile), loader, false, new PrintWriter(out), Integer.MAX_VALUE, Long.MAX_VALUE);
        return out.toString();
    }

    public synchronized ClassLoader loader() {
        if (loader == null) {
            loader = new BytesClassLoader(classes, Compilation.class.getClassLoader());
        }
        return loader;
    }

    public Class<?> load(String binaryName) {
        try {
            return Class.forName(binaryName, true, loader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Calls a static method of a compiled class and returns its result; an exception it throws is
     * rethrown as is.
     */
    public Object call(String binaryName, String method, Object... arguments) throws Throwable {
        Class<?> type = load(binaryName);
        for (Method candidate : type.getDeclaredMethods()) {
            if (candidate.getName().equals(method) && candidate.getParameterCount() == arguments.length) {
                candidate.setAccessible(true);
                try {
                    return candidate.invoke(null, arguments);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        }
        throw new AssertionError("no static method " + method + " with " + arguments.length + " parameters in " + binaryName);
    }

    /** Loads classes from the compilation's bytes, tests' classes (Trace, the API, the runtime) from the parent. */
    static final class BytesClassLoader extends ClassLoader {
        private final Map<String, byte[]> classes;

        BytesClassLoader(Map<String, byte[]> classes, ClassLoader parent) {
            super(parent);
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = classes.get(name);
            if (bytes == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
