package io.jdefer.bench.conversion;

import static io.jdefer.Defers.defer;

import io.jdefer.Deferred;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link LockedQueue} with the lock read from its final field at each use ({@code lock.lock();
 * try { ... } finally { lock.unlock(); }}), as most code outside {@code java.util.concurrent}
 * writes it, and {@code jdefer_x} with {@code lock.lock(); defer(lock::unlock);} on the field
 * (D27). Generated from {@code LockedQueue} by removing its {@code final ReentrantLock lock =
 * this.lock;} lines, nothing else. {@code tools.ConversionSize} prints both sizes per method. Not a
 * benchmark; not used at run time.
 */
public final class LockedQueueFields {
    private final Object[] items = new Object[64];
    private int head;
    private int tail;
    private int count;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();

    private void insert(Object x) {
        items[tail] = x;
        tail = (tail + 1) % items.length;
        count++;
        notEmpty.signal();
    }

    private Object extract() {
        Object x = items[head];
        items[head] = null;
        head = (head + 1) % items.length;
        count--;
        notFull.signal();
        return x;
    }

    public int javac_size() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }

    @Deferred
    public int jdefer_size() {
        lock.lock();
        defer(lock::unlock);
        return count;
    }

    public int javac_remainingCapacity() {
        lock.lock();
        try {
            return items.length - count;
        } finally {
            lock.unlock();
        }
    }

    @Deferred
    public int jdefer_remainingCapacity() {
        lock.lock();
        defer(lock::unlock);
        return items.length - count;
    }

    public Object javac_peek() {
        lock.lock();
        try {
            return count == 0 ? null : items[head];
        } finally {
            lock.unlock();
        }
    }

    @Deferred
    public Object jdefer_peek() {
        lock.lock();
        defer(lock::unlock);
        return count == 0 ? null : items[head];
    }

    public Object javac_poll() {
        lock.lock();
        try {
            return count == 0 ? null : extract();
        } finally {
            lock.unlock();
        }
    }

    @Deferred
    public Object jdefer_poll() {
        lock.lock();
        defer(lock::unlock);
        return count == 0 ? null : extract();
    }

    public boolean javac_offer(Object x) {
        if (x == null) {
            throw new NullPointerException();
        }
        lock.lock();
        try {
            if (count == items.length) {
                return false;
            }
            insert(x);
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Deferred
    public boolean jdefer_offer(Object x) {
        if (x == null) {
            throw new NullPointerException();
        }
        lock.lock();
        defer(lock::unlock);
        if (count == items.length) {
            return false;
        }
        insert(x);
        return true;
    }

    public Object javac_take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (count == 0) {
                notEmpty.await();
            }
            return extract();
        } finally {
            lock.unlock();
        }
    }

    @Deferred
    public Object jdefer_take() throws InterruptedException {
        lock.lockInterruptibly();
        defer(lock::unlock);
        while (count == 0) {
            notEmpty.await();
        }
        return extract();
    }

    public Object javac_poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (count == 0) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return extract();
        } finally {
            lock.unlock();
        }
    }

    @Deferred
    public Object jdefer_poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        defer(lock::unlock);
        while (count == 0) {
            if (nanos <= 0) {
                return null;
            }
            nanos = notEmpty.awaitNanos(nanos);
        }
        return extract();
    }

    public void javac_clear() {
        lock.lock();
        try {
            for (int k = count; k > 0; k--) {
                items[head] = null;
                head = (head + 1) % items.length;
            }
            count = 0;
            tail = head;
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Deferred
    public void jdefer_clear() {
        lock.lock();
        defer(lock::unlock);
        for (int k = count; k > 0; k--) {
            items[head] = null;
            head = (head + 1) % items.length;
        }
        count = 0;
        tail = head;
        notFull.signalAll();
    }
}
