package io.jdefer.bench;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The best case of try-with-resources around a lock: one guard object per lock, reused, so
 * {@code try (LockGuard g = guard.lock())} allocates nothing.
 */
public final class LockGuard implements AutoCloseable {
    private final ReentrantLock lock;

    public LockGuard(ReentrantLock lock) {
        this.lock = lock;
    }

    public LockGuard lock() {
        lock.lock();
        return this;
    }

    @Override
    public void close() {
        lock.unlock();
    }
}
