package io.jdefer.frames;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Per-thread allocated bytes from HotSpot's TLAB accounting, through
 * {@code com.sun.management.ThreadMXBean}.
 *
 * <p>On a platform thread the counter is the thread's own. On a virtual thread the JDK answers
 * {@code -1} (seen on JDK 21 and JDK 25: {@code getCurrentThreadAllocatedBytes()} and
 * {@code getThreadAllocatedBytes(id)} both refuse virtual threads), but HotSpot charges a mounted
 * virtual thread's allocations to its carrier, a platform thread whose counter can be read. A
 * virtual thread that does not block stays on one carrier, so the carrier's counter around such a
 * stretch of code counts exactly what the code allocated, plus anything else the carrier ran in
 * between (which can only add bytes, never hide them). {@link #ofCarrier()} returns that meter and
 * {@link #carrierName()} lets the caller check the thread did not move.
 */
final class AllocationMeter {
    static final com.sun.management.ThreadMXBean MX = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private AllocationMeter() {}

    /** Skips the test where the JVM cannot count allocated bytes per thread. */
    static void assumeSupported() {
        assumeTrue(MX.isThreadAllocatedMemorySupported(), "this JVM does not count allocated bytes per thread");
        if (!MX.isThreadAllocatedMemoryEnabled()) {
            MX.setThreadAllocatedMemoryEnabled(true);
        }
    }

    /** The calling platform thread's own counter. */
    static LongSupplier ofCurrentPlatformThread() {
        assumeSupported();
        if (MX.getCurrentThreadAllocatedBytes() < 0) {
            throw new IllegalStateException("the current thread's counter is not readable: " + Thread.currentThread());
        }
        return MX::getCurrentThreadAllocatedBytes;
    }

    /** What the JDK's own per-thread counter says on the calling thread ({@code -1}: refused). */
    static long currentThreadCounter() {
        return MX.getCurrentThreadAllocatedBytes();
    }

    /** The carrier the calling virtual thread is mounted on, from its {@code toString()} ({@code VirtualThread[#23]/runnable@ForkJoinPool-1-worker-1}). */
    static String carrierName() {
        String self = Thread.currentThread().toString();
        int at = self.lastIndexOf('@');
        if (at < 0) {
            throw new IllegalStateException("not a mounted virtual thread: " + self);
        }
        return self.substring(at + 1);
    }

    /** The counter of the carrier the calling virtual thread is mounted on now. */
    static LongSupplier ofCarrier() {
        assumeSupported();
        long id = carrierId(carrierName());
        long probe = MX.getThreadAllocatedBytes(id);
        if (probe < 0) {
            throw new IllegalStateException("carrier counter not readable");
        }
        return () -> MX.getThreadAllocatedBytes(id);
    }

    /** The thread id of the live platform thread named {@code name}; there must be exactly one. */
    @SuppressWarnings("deprecation") // Thread.getId(): threadId() is JDK 19+, the tests compile for 17
    static long carrierId(String name) {
        List<Thread> found = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals(name)) {
                found.add(thread);
            }
        }
        if (found.size() != 1) {
            throw new IllegalStateException("want one carrier thread named " + name + ", have " + found);
        }
        return found.get(0).getId();
    }
}
