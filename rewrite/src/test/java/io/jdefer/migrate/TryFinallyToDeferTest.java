package io.jdefer.migrate;

import static org.openrewrite.java.Assertions.java;

import org.junit.jupiter.api.Test;
import org.openrewrite.java.JavaParser;
import org.openrewrite.test.RecipeSpec;
import org.openrewrite.test.RewriteTest;

class TryFinallyToDeferTest implements RewriteTest {

    @Override
    public void defaults(RecipeSpec spec) {
        spec.recipe(new TryFinallyToDefer()).parser(JavaParser.fromJavaVersion().classpath("jdefer-annotations"));
    }

    /** S1, S2: lock(); try { body } finally { unlock(); } at the end of a method is defer(lock::unlock). */
    @Test
    void lockFinally_becomesDeferOfMethodReference() {
        rewriteRun(java(
            """
            import java.util.concurrent.locks.ReentrantLock;

            class Queue {
                private final ReentrantLock lock = new ReentrantLock();
                private int count;

                int size() {
                    final ReentrantLock lock = this.lock;
                    lock.lock();
                    try {
                        // the count under the lock
                        return count;
                    } finally {
                        lock.unlock();
                    }
                }
            }
            """,
            """
            import io.jdefer.Deferred;

            import java.util.concurrent.locks.ReentrantLock;

            import static io.jdefer.Defers.*;

            class Queue {
                private final ReentrantLock lock = new ReentrantLock();
                private int count;

                @Deferred
                int size() {
                    final ReentrantLock lock = this.lock;
                    lock.lock();
                    defer(lock::unlock);
                    // the count under the lock
                    return count;
                }
            }
            """));
    }
}
