package io.jdefer.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.openrewrite.java.Assertions.java;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openrewrite.java.JavaParser;
import org.openrewrite.test.RecipeSpec;
import org.openrewrite.test.RewriteTest;

/** Every form TryFinallyToDefer converts, before and after (docs/migrate.md, "What converts"). */
class TryFinallyToDeferFormsTest implements RewriteTest {

    @Override
    public void defaults(RecipeSpec spec) {
        spec.recipe(new TryFinallyToDefer()).parser(JavaParser.fromJavaVersion().classpath("jdefer-annotations"));
    }

    private static RecipeSpec converted(RecipeSpec spec, String... forms) {
        return spec.dataTable(MigrationReport.Row.class, rows -> assertEquals(List.of(forms),
            rows.stream().map(r -> r.outcome() + ":" + r.form()).toList()));
    }

    /** S1: a finally of several calls becomes one lambda, so a throwing call still skips the next ones. */
    @Test
    void finallyOfSeveralCalls_becomesOneLambda() {
        rewriteRun(spec -> converted(spec, "converted:finally-calls"), java(
            """
            import java.io.*;

            class Copy {
                void copy(InputStream in, OutputStream out) throws IOException {
                    // both streams are closed, out first
                    try {
                        in.transferTo(out);
                    } finally {
                        out.close();
                        in.close();
                    }
                }
            }
            """,
            """
            import io.jdefer.Deferred;

            import java.io.*;

            import static io.jdefer.Defers.*;

            class Copy {
                @Deferred
                void copy(InputStream in, OutputStream out) throws IOException {
                    // both streams are closed, out first
                    defer(() -> {
                        out.close();
                        in.close();
                    });
                    in.transferTo(out);
                }
            }
            """));
    }

    /** S1: a receiver that is not proven non-null and stable at registration is read at exit, in a lambda. */
    @Test
    void receiverNotCheckedBeforeTheTry_becomesLambda() {
        rewriteRun(spec -> converted(spec, "converted:finally-calls"), java(
            """
            import java.util.concurrent.locks.Lock;

            class Guarded {
                private Lock lock;

                void run(Runnable r) {
                    try {
                        r.run();
                    } finally {
                        lock.unlock();
                    }
                }
            }
            """,
            """
            import io.jdefer.Deferred;

            import java.util.concurrent.locks.Lock;

            import static io.jdefer.Defers.*;

            class Guarded {
                private Lock lock;

                @Deferred
                void run(Runnable r) {
                    defer(() -> lock.unlock());
                    r.run();
                }
            }
            """));
    }

    /** S2: the finally runs after the catch handlers; as a defer it runs at exit, after the kept try-catch. */
    @Test
    void finallyWithCatches_keepsTheCatches() {
        rewriteRun(spec -> converted(spec, "converted:finally-calls"), java(
            """
            class Job {
                void end() {}

                int run(String s) {
                    try {
                        return Integer.parseInt(s);
                    } catch (NumberFormatException e) {
                        return -1;
                    } finally {
                        end();
                    }
                }
            }
            """,
            """
            import io.jdefer.Deferred;

            import static io.jdefer.Defers.*;

            class Job {
                void end() {}

                @Deferred
                int run(String s) {
                    defer(this::end);
                    try {
                        return Integer.parseInt(s);
                    } catch (NumberFormatException e) {
                        return -1;
                    }
                }
            }
            """));
    }

    /** S4, S9: try-with-resources at the end of a method is @Defer locals, closed in reverse, nulls skipped. */
    @Test
    void tryWithResources_becomesDeferLocals() {
        rewriteRun(spec -> converted(spec, "converted:try-with-resources"), java(
            """
            import java.io.*;

            class Files2 {
                public static long copy(File from, File to) throws IOException {
                    try (InputStream in = new FileInputStream(from);
                         OutputStream out = new FileOutputStream(to)) {
                        return in.transferTo(out);
                    }
                }
            }
            """,
            """
            import io.jdefer.Defer;
            import io.jdefer.Deferred;

            import java.io.*;

            class Files2 {
                @Deferred
                public static long copy(File from, File to) throws IOException {
                    @Defer InputStream in = new FileInputStream(from);
                    @Defer OutputStream out = new FileOutputStream(to);
                    return in.transferTo(out);
                }
            }
            """));
    }

    /** S3: catch (Throwable t) { cleanup(); throw t; } is deferOnError(cleanup). */
    @Test
    void catchCleanupRethrow_becomesDeferOnError() {
        rewriteRun(spec -> converted(spec, "converted:catch-rethrow"), java(
            """
            class Tx {
                void rollback() {}
                void commit() {}

                /** Saves. */
                @SuppressWarnings("unused")
                public void save(Runnable work) {
                    try {
                        work.run();
                        commit();
                    } catch (Throwable t) {
                        rollback();
                        throw t;
                    }
                }
            }
            """,
            """
            import io.jdefer.Deferred;

            import static io.jdefer.Defers.*;

            class Tx {
                void rollback() {}
                void commit() {}

                /** Saves. */
                @Deferred
                @SuppressWarnings("unused")
                public void save(Runnable work) {
                    deferOnError(this::rollback);
                    work.run();
                    commit();
                }
            }
            """));
    }

    /** S2: nested lock blocks at the tail convert one after the other; LIFO keeps the inner unlock first. */
    @Test
    void nestedLocksFollowedByReturnOfLocal_bothConvert() {
        rewriteRun(spec -> converted(spec, "converted:lock-finally", "converted:lock-finally"), java(
            """
            import java.util.concurrent.locks.ReentrantLock;

            class Two {
                final ReentrantLock a = new ReentrantLock(), b = new ReentrantLock();

                int both() {
                    int n = 0;
                    a.lock();
                    try {
                        n++;
                        b.lock();
                        try {
                            n++;
                        } finally {
                            b.unlock();
                        }
                    } finally {
                        a.unlock();
                    }
                    return n;
                }
            }
            """,
            """
            import io.jdefer.Deferred;

            import java.util.concurrent.locks.ReentrantLock;

            import static io.jdefer.Defers.*;

            class Two {
                final ReentrantLock a = new ReentrantLock(), b = new ReentrantLock();

                @Deferred
                int both() {
                    int n = 0;
                    a.lock();
                    defer(a::unlock);
                    n++;
                    b.lock();
                    defer(b::unlock);
                    n++;
                    return n;
                }
            }
            """));
    }

    /** S1: in an inner class an unqualified call may be the outer instance's; this::m would not name it, a lambda does. */
    @Test
    void outerMethodCalledFromInnerClass_becomesLambda() {
        rewriteRun(spec -> converted(spec, "converted:finally-calls"), java(
            """
            class Outer {
                void end() {}

                class Inner {
                    void run(Runnable r) {
                        try {
                            r.run();
                        } finally {
                            end();
                        }
                    }
                }
            }
            """,
            """
            import io.jdefer.Deferred;

            import static io.jdefer.Defers.*;

            class Outer {
                void end() {}

                class Inner {
                    @Deferred
                    void run(Runnable r) {
                        defer(() -> end());
                        r.run();
                    }
                }
            }
            """));
    }
}
