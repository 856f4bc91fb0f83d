package io.jdefer.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.openrewrite.java.Assertions.java;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openrewrite.java.JavaParser;
import org.openrewrite.test.RecipeSpec;
import org.openrewrite.test.RewriteTest;

/** InlineDefers, before and after: every lowered form and every refusal (docs/migrate.md, "InlineDefers"). */
class InlineDefersTest implements RewriteTest {

    @Override
    public void defaults(RecipeSpec spec) {
        spec.recipe(new InlineDefers()).parser(JavaParser.fromJavaVersion().classpath("jdefer-annotations"));
    }

    private static RecipeSpec report(RecipeSpec spec, String... rows) {
        return spec.dataTable(MigrationReport.Row.class, found -> assertEquals(List.of(rows),
            found.stream().map(r -> r.form() + ":" + r.outcome() + (r.reason().isEmpty() ? "" : ":" + r.reason())).toList()));
    }

    /** S1, S2, S4: defer(lock::unlock) after lock() is a finally that suppresses into a pending exception. */
    @Test
    void deferOfMethodReference_becomesTryFinallyWithS4Suppression() {
        rewriteRun(spec -> report(spec, "defer:inlined"), java(
            """
            import io.jdefer.Deferred;
            import java.util.concurrent.locks.ReentrantLock;

            import static io.jdefer.Defers.*;

            class Queue {
                private final ReentrantLock lock = new ReentrantLock();
                private int count;

                @Deferred
                int size() {
                    lock.lock();
                    // released on every exit
                    defer(lock::unlock);
                    return count;
                }
            }
            """,
            """
            import java.util.concurrent.locks.ReentrantLock;

            class Queue {
                private final ReentrantLock lock = new ReentrantLock();
                private int count;

                int size() {
                    lock.lock();
                    // released on every exit
                    Throwable pending = null;
                    try {
                        return count;
                    } catch (Throwable thrown) {
                        pending = thrown;
                        throw thrown;
                    } finally {
                        try {
                            lock.unlock();
                        } catch (Throwable suppressed) {
                            if (pending == null) {
                                throw suppressed;
                            }
                            if (suppressed != pending) {
                                pending.addSuppressed(suppressed);
                            }
                        }
                    }
                }
            }
            """));
    }

    /** S9, S4: @Defer of an AutoCloseable is try-with-resources; S3: deferOnError runs only when throwing. */
    @Test
    void deferLocalAndDeferOnError_becomeTryWithResourcesAndCatch() {
        rewriteRun(spec -> report(spec, "@Defer:inlined", "deferOnError:inlined"), java(
            """
            import io.jdefer.Defer;
            import io.jdefer.Deferred;
            import java.io.*;

            import static io.jdefer.Defers.*;

            class Load {
                void reset() {}

                @Deferred
                int load(File f) throws IOException {
                    @Defer InputStream in = new FileInputStream(f);
                    deferOnError(() -> reset());
                    return in.read();
                }
            }
            """,
            """
            import java.io.*;

            class Load {
                void reset() {}

                int load(File f) throws IOException {
                    try (InputStream in = new FileInputStream(f)) {
                        try {
                            return in.read();
                        } catch (Throwable thrown) {
                            try {
                                reset();
                            } catch (Throwable suppressed) {
                                if (suppressed != thrown) {
                                    thrown.addSuppressed(suppressed);
                                }
                            }
                            throw thrown;
                        }
                    }
                }
            }
            """));
    }

    /** S2: a defer in a loop runs all its actions at exit; plain try/finally cannot say that, so it is reported. */
    @Test
    void deferInLoop_isReportedAndLeft() {
        rewriteRun(spec -> report(spec, "defer:refused:defer-in-loop"), java(
            """
            import io.jdefer.Deferred;
            import java.util.concurrent.locks.Lock;
            import java.util.List;

            import static io.jdefer.Defers.*;

            class All {
                @Deferred
                void lockAll(List<Lock> locks, Runnable r) {
                    for (Lock l : locks) {
                        l.lock();
                        defer(l::unlock);
                    }
                    r.run();
                }
            }
            """));
    }

    /** A site in an if registers only on some runs; the method is left whole (S2 order). */
    @Test
    void deferInBranch_leavesTheWholeMethod() {
        rewriteRun(spec -> report(spec, "defer:refused:method-has-refused-site", "defer:refused:defer-in-branch"), java(
            """
            import io.jdefer.Deferred;

            import static io.jdefer.Defers.*;

            class Maybe {
                @Deferred
                void run(boolean b, Runnable first, Runnable second) {
                    defer(first::run);
                    if (b) {
                        defer(second::run);
                    }
                }
            }
            """));
    }

    /** S5: recover() has no plain-Java form here. */
    @Test
    void recover_isReportedAndLeft() {
        rewriteRun(spec -> report(spec, "defer:refused:method-has-refused-site", "recover:refused:uses-recover"), java(
            """
            import io.jdefer.Deferred;

            import static io.jdefer.Defers.*;

            class Safe {
                @Deferred
                int run(Runnable r) {
                    defer(() -> {
                        Throwable t = recover();
                    });
                    r.run();
                    return 1;
                }
            }
            """));
    }

    /** C3: an Action object is a jdefer type; leaving jdefer cannot keep it. */
    @Test
    void actionObject_isReportedAndLeft() {
        rewriteRun(spec -> report(spec, "defer:refused:action-object"), java(
            """
            import io.jdefer.Action;
            import io.jdefer.Deferred;

            import static io.jdefer.Defers.*;

            class Obj {
                @Deferred
                void run(Action<RuntimeException> a) {
                    defer(a);
                }
            }
            """));
    }

    /**
     * S1: a receiver not dereferenced just before is null-checked at registration; one that is not a
     * stable local is evaluated there into a local. S3: deferOnSuccess runs only with nothing pending.
     */
    @Test
    void receiversAndDeferOnSuccess_evaluatedAtRegistration() {
        rewriteRun(spec -> report(spec, "defer:inlined", "deferOnSuccess:inlined"), java(
            """
            import io.jdefer.Deferred;
            import java.util.concurrent.locks.Lock;

            import static io.jdefer.Defers.*;

            class Recv {
                Lock current;

                @Deferred
                void run(Runnable r) {
                    defer(r::run);
                    deferOnSuccess(current::unlock);
                }
            }
            """,
            """
            import java.util.concurrent.locks.Lock;

            class Recv {
                Lock current;

                void run(Runnable r) {
                    java.util.Objects.requireNonNull(r);
                    Throwable pending = null;
                    try {
                        final var receiver = java.util.Objects.requireNonNull(current);
                        Throwable pending2 = null;
                        try {
                        } catch (Throwable thrown2) {
                            pending2 = thrown2;
                            throw thrown2;
                        } finally {
                            if (pending2 == null) {
                                receiver.unlock();
                            }
                        }
                    } catch (Throwable thrown) {
                        pending = thrown;
                        throw thrown;
                    } finally {
                        try {
                            r.run();
                        } catch (Throwable suppressed) {
                            if (pending == null) {
                                throw suppressed;
                            }
                            if (suppressed != pending) {
                                pending.addSuppressed(suppressed);
                            }
                        }
                    }
                }
            }
            """));
    }

    /** S9: @Defer("unlock") is T x = e; if (x != null) defer(x::unlock). */
    @Test
    void deferLocalOfOtherMethod_becomesNullCheckedCall() {
        rewriteRun(spec -> report(spec, "@Defer:inlined"), java(
            """
            import io.jdefer.Defer;
            import io.jdefer.Deferred;
            import java.util.concurrent.locks.Lock;
            import java.util.function.Supplier;

            class Held {
                @Deferred
                void run(Supplier<Lock> locks) {
                    @Defer("unlock") Lock l = locks.get();
                    l.lock();
                }
            }
            """,
            """
            import java.util.concurrent.locks.Lock;
            import java.util.function.Supplier;

            class Held {
                void run(Supplier<Lock> locks) {
                    Lock l = locks.get();
                    Throwable pending = null;
                    try {
                        l.lock();
                    } catch (Throwable thrown) {
                        pending = thrown;
                        throw thrown;
                    } finally {
                        try {
                            if (l != null) {
                                l.unlock();
                            }
                        } catch (Throwable suppressed) {
                            if (pending == null) {
                                throw suppressed;
                            }
                            if (suppressed != pending) {
                                pending.addSuppressed(suppressed);
                            }
                        }
                    }
                }
            }
            """));
    }

    /** A return in a lambda action leaves the action; in a finally it would leave the method. */
    @Test
    void lambdaActionWithReturn_isReportedAndLeft() {
        rewriteRun(spec -> report(spec, "defer:refused:action-returns"), java(
            """
            import io.jdefer.Deferred;

            import static io.jdefer.Defers.*;

            class Ret {
                @Deferred
                void run(boolean quiet) {
                    defer(() -> {
                        if (quiet) {
                            return;
                        }
                        System.out.println("done");
                    });
                }
            }
            """));
    }

    /** S8: a class-wide @Deferred scope is left to the user. */
    @Test
    void deferredOnType_isReportedAndLeft() {
        rewriteRun(spec -> report(spec, "defer:refused:deferred-on-type"), java(
            """
            import io.jdefer.Deferred;

            import static io.jdefer.Defers.*;

            @Deferred
            class Wide {
                void run(Runnable r) {
                    defer(r::run);
                }
            }
            """));
    }

    /** Leaving without jdefer-annotations on the class path (types missing): @Deferred still goes, S4 shape kept. */
    @Test
    void withoutJdeferOnTheClassPath_stillInlines() {
        rewriteRun(spec -> report(spec, "defer:inlined").parser(JavaParser.fromJavaVersion())
                .typeValidationOptions(org.openrewrite.test.TypeValidation.none()),
            java(
            """
            import io.jdefer.Deferred;

            import static io.jdefer.Defers.*;

            class Bare {
                @Deferred
                public void run(Runnable r) {
                    r.run();
                    defer(r::run);
                }
            }
            """,
            """
            class Bare {
                public void run(Runnable r) {
                    r.run();
                    Throwable pending = null;
                    try {
                    } catch (Throwable thrown) {
                        pending = thrown;
                        throw thrown;
                    } finally {
                        try {
                            r.run();
                        } catch (Throwable suppressed) {
                            if (pending == null) {
                                throw suppressed;
                            }
                            if (suppressed != pending) {
                                pending.addSuppressed(suppressed);
                            }
                        }
                    }
                }
            }
            """));
    }
}
