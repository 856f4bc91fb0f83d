package io.jdefer.frames;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Virtual threads for tests compiled with {@code --release 17}: the JDK 21 API reached through
 * method handles. On JDK 17 to 20 the tests that need them are skipped with an assumption.
 */
final class VirtualThreads {
    private static final MethodHandle PER_TASK_EXECUTOR = find(Executors.class, "newVirtualThreadPerTaskExecutor",
            MethodType.methodType(ExecutorService.class), true);
    private static final MethodHandle START = startHandle();

    private VirtualThreads() {}

    static boolean available() {
        return PER_TASK_EXECUTOR != null && START != null;
    }

    /** Skips the calling test on a JDK without virtual threads. */
    static void assumeAvailable() {
        assumeTrue(available(), "virtual threads need JDK 21 or later; running on " + Runtime.version());
    }

    static ExecutorService newPerTaskExecutor() {
        assumeAvailable();
        try {
            return (ExecutorService) PER_TASK_EXECUTOR.invokeExact();
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    /** Starts {@code task} on a new virtual thread. */
    static Thread start(Runnable task) {
        assumeAvailable();
        try {
            return (Thread) START.invoke(task);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    /** Runs {@code task} on one new virtual thread and waits for it; rethrows what it threw. */
    static void runOnVirtualThread(ThrowingRunnable task) throws Throwable {
        Throwable[] thrown = new Throwable[1];
        Thread thread = start(() -> {
            try {
                task.run();
            } catch (Throwable e) {
                thrown[0] = e;
            }
        });
        thread.join();
        if (thrown[0] != null) {
            throw thrown[0];
        }
    }

    interface ThrowingRunnable {
        void run() throws Throwable;
    }

    private static MethodHandle startHandle() {
        try {
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            MethodHandle ofVirtual = find(Thread.class, "ofVirtual", MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual")), true);
            MethodHandle start = MethodHandles.publicLookup().findVirtual(builder, "start", MethodType.methodType(Thread.class, Runnable.class));
            // (Runnable) -> Thread: Thread.ofVirtual().start(task)
            return MethodHandles.foldArguments(start.asType(MethodType.methodType(Thread.class, ofVirtual.type().returnType(), Runnable.class)), ofVirtual);
        } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }

    private static MethodHandle find(Class<?> owner, String name, MethodType type, boolean isStatic) {
        try {
            return isStatic ? MethodHandles.publicLookup().findStatic(owner, name, type) : MethodHandles.publicLookup().findVirtual(owner, name, type);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }
}
