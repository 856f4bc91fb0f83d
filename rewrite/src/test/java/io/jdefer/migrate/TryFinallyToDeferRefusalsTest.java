package io.jdefer.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.openrewrite.java.Assertions.java;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openrewrite.java.JavaParser;
import org.openrewrite.test.RecipeSpec;
import org.openrewrite.test.RewriteTest;

/**
 * Every refusal of TryFinallyToDefer: the source stays as it is and the report names the reason
 * (docs/migrate.md, "What is refused"). Each would change meaning if converted.
 */
class TryFinallyToDeferRefusalsTest implements RewriteTest {

    @Override
    public void defaults(RecipeSpec spec) {
        spec.recipe(new TryFinallyToDefer()).parser(JavaParser.fromJavaVersion().classpath("jdefer-annotations"));
    }

    private void refuses(String reason, String source) {
        rewriteRun(spec -> spec.dataTable(MigrationReport.Row.class, rows -> assertEquals(List.of("refused:" + reason),
            rows.stream().map(r -> r.outcome() + ":" + r.reason()).toList())), java(source));
    }

    /** S2: statements after the try would run before a deferred unlock, not after it. */
    @Test
    void statementsAfterTry_isRefused() {
        refuses("statements-after-try", """
            import java.util.concurrent.locks.Lock;
            class A {
                void run(Lock lock, Runnable outside) {
                    lock.lock();
                    try { outside.run(); } finally { lock.unlock(); }
                    outside.run();
                }
            }
            """);
    }

    /** S2: a return that calls a method could observe the lock still held. */
    @Test
    void returnOfCallAfterTry_isRefused() {
        refuses("statements-after-try", """
            import java.util.concurrent.locks.Lock;
            class A {
                int run(Lock lock, java.util.function.IntSupplier s) {
                    lock.lock();
                    try { s.getAsInt(); } finally { lock.unlock(); }
                    return s.getAsInt();
                }
            }
            """);
    }

    /** S2: a try inside a loop unlocks each iteration; a defer would hold every lock to the method's exit. */
    @Test
    void tryInLoop_isRefused() {
        refuses("nested-in-statement", """
            import java.util.concurrent.locks.Lock;
            class A {
                void run(Lock lock, Runnable r) {
                    for (int i = 0; i < 3; i++) {
                        lock.lock();
                        try { r.run(); } finally { lock.unlock(); }
                    }
                }
            }
            """);
    }

    /** S8: only method bodies convert; a lambda body is its own scope. */
    @Test
    void tryInLambda_isRefused() {
        refuses("in-lambda", """
            import java.util.concurrent.locks.Lock;
            class A {
                Runnable run(Lock lock, Runnable r) {
                    return () -> {
                        lock.lock();
                        try { r.run(); } finally { lock.unlock(); }
                    };
                }
            }
            """);
    }

    /** S8: initializer blocks may not defer. */
    @Test
    void tryInInitializer_isRefused() {
        refuses("not-in-method", """
            class A {
                static { try { System.out.println(); } finally { System.out.flush(); } }
            }
            """);
    }

    /** S6: a deferred action cannot change the returned value or swallow the exception. */
    @Test
    void returnInFinally_isRefused() {
        refuses("return-in-finally", """
            class A {
                int run(Runnable r) {
                    try { r.run(); return 1; } finally { return 2; }
                }
            }
            """);
    }

    /** S4: a throw in finally replaces the body's exception; a throwing action would be suppressed instead. */
    @Test
    void throwInFinally_isRefused() {
        refuses("jump-in-finally", """
            class A {
                void run(Runnable r) {
                    try { r.run(); } finally { throw new IllegalStateException(); }
                }
            }
            """);
    }

    @Test
    void emptyFinally_isRefused() {
        refuses("empty-finally", """
            class A {
                void run(Runnable r) {
                    try { r.run(); } finally { }
                }
            }
            """);
    }

    /** Only calls convert: an if, an assignment or a declaration in finally is left to the user. */
    @Test
    void finallyWithIf_isRefused() {
        refuses("finally-not-only-calls", """
            import java.io.*;
            class A {
                void run(InputStream in) throws IOException {
                    try { in.read(); } finally { if (in != null) in.close(); }
                }
            }
            """);
    }

    /** S1: defer captures the local at registration; the finally reads its value at exit. */
    @Test
    void finallyReadsLocalAssignedInBody_isRefused() {
        refuses("finally-reads-reassigned-local", """
            import java.util.concurrent.locks.Lock;
            class A {
                void run(Lock first, Lock second) {
                    Lock held = first;
                    held.lock();
                    try { held = second; } finally { held.unlock(); }
                }
            }
            """);
    }

    /** A catch on a try-with-resources also catches close()'s exception; a @Defer's would escape it. */
    @Test
    void resourcesWithCatch_isRefused() {
        refuses("resources-with-catch-or-finally", """
            import java.io.*;
            class A {
                void run(File f) {
                    try (InputStream in = new FileInputStream(f)) { in.read(); } catch (IOException e) { }
                }
            }
            """);
    }

    /** S9: @Defer needs an explicit type. */
    @Test
    void resourceDeclaredVar_isRefused() {
        refuses("resource-declared-var", """
            import java.io.*;
            class A {
                void run(File f) throws IOException {
                    try (var in = new FileInputStream(f)) { in.read(); }
                }
            }
            """);
    }

    /** S9: @Defer annotates a declaration; try (in) names an existing variable. */
    @Test
    void resourceReference_isRefused() {
        refuses("resource-is-reference", """
            import java.io.*;
            class A {
                void run(InputStream in) throws IOException {
                    try (in) { in.read(); }
                }
            }
            """);
    }

    /** S2: actions registered in the body would run before the finally's cleanup instead of after. */
    @Test
    void bodyRegistersDefers_isRefused() {
        refuses("body-registers-defers", """
            import static io.jdefer.Defers.*;
            import io.jdefer.Deferred;
            class A {
                void close() {}
                @Deferred
                void run(Runnable r) {
                    try { defer(r::run); } finally { close(); }
                }
            }
            """);
    }

    /** The static import of Defers.* would be hidden by the class's own defer method. */
    @Test
    void classDeclaresDefer_isRefused() {
        refuses("name-clash", """
            class A {
                void defer(Runnable r) {}
                void run(Runnable r) {
                    try { r.run(); } finally { r.run(); }
                }
            }
            """);
    }
}
