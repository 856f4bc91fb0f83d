package io.jdefer.compile;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import io.jdefer.analysis.PlanScanner;
import io.jdefer.analysis.PlannedClass;
import io.jdefer.analysis.Reporter;
import io.jdefer.plan.DeferSite;
import io.jdefer.plan.MethodRef;
import io.jdefer.plan.ScopePlan;
import io.jdefer.processor.DeferProcessor;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * SPEC S7, S9, C1, issue 14 items 4 and 5: a {@code @Defer} local is checked as the
 * {@code defer(x::close)} it stands for: the checked exceptions of the method it calls at exit must
 * be caught or declared there ({@code DEFER_LOCAL_UNREPORTED}, javac's own words), and that method is
 * found on any bound of a type variable.
 */
class DeferLocalTypesTest {
    private static final String HEADER = """
            package t;
            import static io.jdefer.Defers.*;
            import io.jdefer.*;
            import java.io.IOException;
            """;
    private static final String RESOURCES = """
            class Res implements AutoCloseable { @Override public void close() throws Exception { } }
            class IoRes implements java.io.Closeable { @Override public void close() throws IOException { } }
            class Quiet implements AutoCloseable { @Override public void close() { } }
            class Gen<X extends Exception> { public void close() throws X { } }
            class Io { static void read() throws IOException { } }
            """;

    private JavaFileObject source;

    private Compilation compile(String name, String text) {
        source = JavaFileObjects.forSourceString(name, HEADER + RESOURCES + text);
        return javac().withProcessors(new DeferProcessor()).compile(source);
    }

    @Test
    void aCheckedCloseInAMethodThatDeclaresNothing_isUnreported_likeDeferOfItsReference_S7_S9() {
        Compilation c = compile("t.Undeclared", """
                public class Undeclared {
                    @Deferred
                    void run() {
                        @Defer Res r = new Res(); // here
                    }
                }
                """);
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("[jdefer:DEFER_LOCAL_UNREPORTED] unreported exception java.lang.Exception; must be caught or"
                + " declared to be thrown: @Defer local `r` calls Res.close() at exit").inFile(source).onLineContaining("// here");
        assertThat(c).hadErrorContaining("declare it (throws Exception), catch it around the declaration, or write"
                + " defer(() -> { try { r.close(); } catch (Exception e) { ... } }) instead of @Defer");
        assertThat(c).hadErrorCount(1);
    }

    /** The same places javac accepts {@code defer(r::close)} in are accepted, and the others rejected. */
    @Test
    void everyPlaceJavacAcceptsTheReference_isAccepted_andNoOther_S7_S9() {
        Compilation c = compile("t.Places", """
                public class Places {
                    @Deferred void declares() throws Exception { @Defer Res r = new Res(); }
                    @Deferred void declaresWider() throws Throwable { @Defer IoRes r = new IoRes(); }
                    @Deferred void declaresExactly() throws IOException { @Defer IoRes r = new IoRes(); }
                    @Deferred void declaresNarrower() throws IOException { @Defer Res r = new Res(); } // bad 1
                    @Deferred void caught() { try { @Defer Res r = new Res(); r.hashCode(); } catch (Exception e) { } }
                    @Deferred void multiCatch() { try { @Defer IoRes r = new IoRes(); Io.read(); } catch (IllegalStateException | IOException e) { } }
                    @Deferred void caughtTooNarrowly() { try { @Defer Res r = new Res(); Io.read(); } catch (IOException e) { } } // bad 2
                    @Deferred void inTheCatch() { try { } catch (RuntimeException e) { @Defer Res r = new Res(); } } // bad 3
                    @Deferred void unchecked() { @Defer Quiet q = new Quiet(); }
                    @Deferred void generic() { @Defer Gen<IllegalStateException> g = new Gen<>(); }
                    @Deferred void genericChecked() { @Defer Gen<IOException> g = new Gen<>(); } // bad 4
                    @Deferred void lambdas() throws Exception {
                        Runnable run = () -> { @Defer Res r = new Res(); }; // bad 5
                        java.util.concurrent.Callable<Integer> call = () -> { @Defer Res r = new Res(); return 1; };
                    }
                    @Deferred void inAnAction() throws Exception { defer(() -> { @Defer Res r = new Res(); }); }
                    @Deferred void inAnActionUndeclared() { defer(() -> { @Defer Res r = new Res(); }); } // bad 7
                    @Deferred void inAnExplicitAction() throws Exception {
                        Action<RuntimeException> a = () -> { @Defer Res r = new Res(); }; // bad 8
                        defer(a);
                    }
                    @Deferred Places() throws Exception { @Defer Res r = new Res(); }
                    @Deferred Places(int x) { @Defer IoRes r = new IoRes(); } // bad 6
                }
                """);
        for (int bad = 1; bad <= 8; bad++) {
            assertThat(c).hadErrorContaining("[jdefer:DEFER_LOCAL_UNREPORTED]").inFile(source).onLineContaining("// bad " + bad);
        }
        assertThat(c).hadErrorCount(8);
    }

    @Test
    void aTypeVariableWithSeveralBounds_findsTheMethodOnAnyBound_S9() {
        Compilation c = compile("t.Bounds", """
                public class Bounds {
                    @Deferred
                    static <T extends Number & AutoCloseable> void run(T t) throws Exception {
                        @Defer T x = t;
                    }
                    @Deferred
                    static <T extends Number & Runnable> void neither(T t) {
                        @Defer T x = t; // here
                    }
                    @Deferred
                    static <T extends Number & Runnable> void named(T t) {
                        @Defer("run") T x = t;
                    }
                }
                """);
        assertThat(c).hadErrorContaining("[jdefer:DEFER_LOCAL_NO_METHOD] @Defer local `x`: `Number & Runnable` has no instance method"
                + " `close()` without parameters").inFile(source).onLineContaining("// here");
        assertThat(c).hadErrorCount(1);
    }

    /** The plan names the bound that declares the method as the owner of the call (the bytecode side casts to it). */
    @Test
    void theBoundThatHasTheMethod_isTheOwnerInThePlan_S9() {
        JavaFileObject file = JavaFileObjects.forSourceString("t.Owner", HEADER + """
                public class Owner {
                    @Deferred
                    static <T extends Number & AutoCloseable> void run(T t) throws Exception {
                        @Defer T x = t;
                    }
                }
                """);
        java.nio.file.Path out;
        try {
            out = java.nio.file.Files.createTempDirectory("jdefer-plan");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        JavacTask task = (JavacTask) ToolProvider.getSystemJavaCompiler().getTask(null, null, null,
                List.of("-proc:none", "-d", out.toString(), "-classpath", System.getProperty("java.class.path")), null, List.of(file));
        Trees trees = Trees.instance(task);
        List<MethodRef> refs = new ArrayList<>();
        task.addTaskListener(new TaskListener() {
            @Override
            public void finished(TaskEvent event) {
                if (event.getKind() != TaskEvent.Kind.ANALYZE) {
                    return;
                }
                TreePath path = trees.getPath(event.getTypeElement());
                PlanScanner scanner = new PlanScanner(trees, task.getElements(), task.getTypes(), new Reporter(trees, null));
                for (PlannedClass planned : scanner.scanClass(path)) {
                    for (ScopePlan scope : planned.plan().scopes()) {
                        for (DeferSite site : scope.sites()) {
                            refs.add(site.local().method());
                            assertEquals("java/lang/Number", site.local().type(), "the local's own type is its erasure");
                        }
                    }
                }
            }
        });
        task.call();
        out.resolve("t/Owner.class").toFile().delete();
        out.resolve("t").toFile().delete();
        out.toFile().delete();
        assertEquals(List.of(new MethodRef("java/lang/AutoCloseable", "close", "()V", true)), refs);
    }
}
