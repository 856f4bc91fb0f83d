package io.jdefer.samples.gateway;

import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Response buffers lent to requests and given back: the JVM's {@code sync.Pool}. Bounded; when
 * empty it makes a new buffer (counted as a miss), when full it drops the returned one.
 */
final class BufferPool {
    static final int BUFFER_SIZE = 4096;

    private final ReentrantLock lock = new ReentrantLock();
    private final byte[][] free;
    private int size;
    final LongAdder misses = new LongAdder();

    BufferPool(int capacity) {
        free = new byte[capacity][];
        for (int i = 0; i < capacity; i++) {
            free[i] = new byte[BUFFER_SIZE];
        }
        size = capacity;
    }

    byte[] acquire() {
        lock.lock();
        try {
            if (size > 0) {
                byte[] buf = free[--size];
                free[size] = null;
                return buf;
            }
        } finally {
            lock.unlock();
        }
        misses.increment();
        return new byte[BUFFER_SIZE];
    }

    void release(byte[] buf) {
        lock.lock();
        try {
            if (size < free.length) {
                free[size++] = buf;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Buffers currently in the pool: all of them when no request is in flight. */
    int available() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }
}
