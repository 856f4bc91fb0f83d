package io.jdefer.compile;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.jdefer.processor.DeferProcessor;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * SPEC C1: every misuse a user can make is a compile error (or a warning) at the exact line, with
 * the fix in the message; never a compiler crash. Compiled in memory with compile-testing, which
 * also exercises the Filer's in-memory path (C6).
 */
class DiagnosticsTest {
    private JavaFileObject source;

    private Compilation compile(String name, String text) {
        source = JavaFileObjects.forSourceString(name, text);
        return javac().withProcessors(new DeferProcessor()).compile(source);
    }

    private static final String HEADER = """
            package t;
            import static io.jdefer.Defers.*;
            import io.jdefer.*;
            """;

    @Test
    void deferOutsideADeferredScope_isAnError_namingTheMethodToAnnotate_C1() {
        Compilation c = compile("t.Outside", HEADER + """
                public class Outside {
                    void run(AutoCloseable c) throws Exception {
                        defer(c::close); // here
                    }
                }
                """);
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("[jdefer:OUTSIDE_SCOPE]").inFile(source).onLineContaining("// here");
        assertThat(c).hadErrorContaining("annotate method `run` with @Deferred");
    }

    @Test
    void deferInALambdaOutsideScope_namesTheEnclosingMethod_C1() {
        Compilation c = compile("t.OutsideLambda", HEADER + """
                public class OutsideLambda {
                    void run() {
                        Runnable r = () -> deferOnError(() -> {}); // here
                    }
                }
                """);
        assertThat(c).hadErrorContaining("[jdefer:OUTSIDE_SCOPE] deferOnError(...) is outside a @Deferred scope").inFile(source).onLineContaining("// here");
        assertThat(c).hadErrorContaining("annotate method `run`, which holds this lambda, with @Deferred");
    }

    @Test
    void deferInAnInitializerBlock_isAnError_C1() {
        Compilation c = compile("t.Initializer", HEADER + """
                @Deferred
                public class Initializer {
                    {
                        defer(() -> {}); // instance
                    }
                    static {
                        deferOnSuccess(() -> {}); // static
                    }
                }
                """);
        assertThat(c).hadErrorContaining("[jdefer:DEFER_IN_INITIALIZER]").inFile(source).onLineContaining("// instance");
        assertThat(c).hadErrorContaining("[jdefer:DEFER_IN_INITIALIZER]").inFile(source).onLineContaining("// static");
    }

    @Test
    void inlineWithASiteInALoop_isAnError_namingTheLoop_C1_C2() {
        Compilation c = compile("t.Inline", HEADER + """
                public class Inline {
                    @Deferred(Strategy.INLINE)
                    void run(int n) {
                        defer(() -> {});
                        for (int i = 0; i < n; i++) {
                            defer(() -> {}); // here
                        }
                    }
                }
                """);
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("[jdefer:INLINE_IN_LOOP] defer can run more than once per invocation (it is in the for loop at line 8)")
                .inFile(source).onLineContaining("// here");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void deferLocalOnVar_isAnError_C1() {
        Compilation c = compile("t.Var", HEADER + """
                public class Var {
                    @Deferred
                    void run(java.io.InputStream in) {
                        @Defer var x = in; // here
                    }
                }
                """);
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("[jdefer:DEFER_LOCAL_VAR]").inFile(source).onLineContaining("// here");
        assertThat(c).hadErrorContaining("@Defer needs the type written out");
    }

    @Test
    void deferLocalOnATypeWithoutTheMethod_isAnError_C1() {
        Compilation c = compile("t.NoMethod", HEADER + """
                public class NoMethod {
                    @Deferred
                    void run(String s, java.util.List<String> list) {
                        @Defer String x = s; // missing
                        @Defer("remove") java.util.List<String> y = list; // parameters
                        @Defer int z = 3; // primitive
                    }
                }
                """);
        assertThat(c).hadErrorContaining("[jdefer:DEFER_LOCAL_NO_METHOD] @Defer local `x`: `String` has no instance method `close()`")
                .inFile(source).onLineContaining("// missing");
        assertThat(c).hadErrorContaining("`remove` takes parameters there").inFile(source).onLineContaining("// parameters");
        assertThat(c).hadErrorContaining("which has no method `close()`").inFile(source).onLineContaining("// primitive");
    }

    @Test
    void deferOnAFieldOrParameter_andWithoutInitializer_areErrors_C1() {
        Compilation c = compile("t.NotLocal", HEADER + """
                import java.io.InputStream;
                @Deferred
                public class NotLocal {
                    @Defer InputStream field; // field
                    void run(@Defer InputStream in) { // parameter
                        @Defer InputStream later; // no initializer
                        later = in;
                    }
                }
                """);
        assertThat(c).hadErrorContaining("[jdefer:DEFER_LOCAL_NOT_LOCAL]").inFile(source).onLineContaining("// field");
        assertThat(c).hadErrorContaining("is a parameter").inFile(source).onLineContaining("// parameter");
        assertThat(c).hadErrorContaining("[jdefer:DEFER_LOCAL_NO_INITIALIZER]").inFile(source).onLineContaining("// no initializer");
    }

    @Test
    void deferLocalOutsideScope_isAnError_C1() {
        Compilation c = compile("t.LocalOutside", HEADER + """
                public class LocalOutside {
                    void run(java.io.InputStream in) {
                        @Defer java.io.InputStream x = in; // here
                    }
                }
                """);
        assertThat(c).hadErrorContaining("[jdefer:OUTSIDE_SCOPE] @Defer local `x` is outside a @Deferred scope").inFile(source).onLineContaining("// here");
    }

    @Test
    void aMethodReferenceToDefer_isAnError_C1() {
        Compilation c = compile("t.Reference", HEADER + """
                @Deferred
                public class Reference {
                    void run() {
                        java.util.function.Consumer<Action<RuntimeException>> c = Defers::defer; // here
                    }
                }
                """);
        assertThat(c).hadErrorContaining("[jdefer:DEFER_REFERENCE]").inFile(source).onLineContaining("// here");
    }

    @Test
    void recoverThatCanNeverRecover_isAWarning_C1() {
        Compilation c = compile("t.Never", HEADER + """
                public class Never {
                    @Deferred
                    void run() {
                        defer(() -> {
                            Runnable nested = () -> recover(); // nested
                        });
                    }
                    Throwable outside() { return recover(); } // outside
                    @Deferred
                    void takesParameters(int x) { recover(); } // parameters
                    @Deferred
                    void target() { recover(); }
                    @Deferred
                    void onSuccess() { deferOnSuccess(() -> recover()); } // on success
                }
                """);
        assertThat(c).succeeded();
        assertThat(c).hadWarningContaining("[jdefer:RECOVER_NEVER]").inFile(source).onLineContaining("// nested");
        assertThat(c).hadWarningContaining("[jdefer:RECOVER_NEVER]").inFile(source).onLineContaining("// outside");
        assertThat(c).hadWarningContaining("[jdefer:RECOVER_NEVER]").inFile(source).onLineContaining("// parameters");
        assertThat(c).hadWarningContaining("runs only when nothing is pending").inFile(source).onLineContaining("// on success");
        assertThat(c).hadWarningCount(4);
    }

    @Test
    void aMethodThatWouldPassThe64KbLimit_isAnErrorAtTheMethod_C1() {
        StringBuilder returns = new StringBuilder();
        for (int i = 0; i < 5400; i++) {
            returns.append("        if (n == ").append(i).append(") return ").append(i).append(";\n");
        }
        Compilation c = compile("t.Huge", HEADER + """
                public class Huge {
                    @Deferred
                    static int huge(int n) { // here
                        defer(() -> {});
                """ + returns + """
                        return -1;
                    }
                }
                """);
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("[jdefer:METHOD_TOO_LARGE] `huge` would pass the JVM's 64 KB code limit")
                .inFile(source).onLineContaining("// here");
    }

    @Test
    void correctCode_compilesInMemory_withoutDiagnostics_C6() {
        Compilation c = compile("t.Fine", HEADER + """
                public class Fine {
                    @Deferred
                    int run(java.util.concurrent.locks.Lock mu) {
                        mu.lock();
                        defer(mu::unlock);
                        for (int i = 0; i < 3; i++) { int k = i; defer(() -> System.out.print(k)); }
                        return 1;
                    }
                }
                """);
        assertThat(c).succeededWithoutWarnings();
    }
}
