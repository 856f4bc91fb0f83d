package io.jdefer.bench.conversion;

import static io.jdefer.Defers.defer;

import io.jdefer.Deferred;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A real conversion for SPEC section 7's size row (issue 13): a bounded ring-buffer queue written
 * in {@code java.util.concurrent}'s lock idiom ({@code final ReentrantLock lock = this.lock;
 * lock.lock(); try { ... } finally { lock.unlock(); }}), each method twice: {@code javac_x} as
 * written, {@code jdefer_x} with {@code lock.lock(); defer(lock::unlock);}. The bodies are this
 * project's own, shaped like the lock-based methods of {@code ArrayBlockingQueue} (one to three
 * exits, a wait loop, a void method). {@code tools.ConversionSize} prints both sizes per method.
 * Not a benchmark; not used at run time.
 */
public final class LockedQueue {
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
        final ReentrantLock lock = this.lock;
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }

    @Deferred
    public int jdefer_size() {
        final ReentrantLock lock = this.lock;
        lock.lock();
        defer(lock::unlock);
        return count;
    }

    public int javac_remainingCapacity() {
        final ReentrantLock lock = this.lock;
        lock.lock();
        try {
            return items.length - count;
        } finally {
            lock.unlock();
        }
    }

    @Deferred
    public int jdefer_remainingCapacity() {
        final ReentrantLock lock = this.lock;
        lock.lock();
        defer(lock::unlock);
        return items.length - count;
    }

    public Object javac_peek() {
        final ReentrantLock lock = this.lock;
        lock.lock();
        try {
            return count == 0 ? null : items[head];
        } finally {
            lock.unlock();
        }
    }

    @Deferred
    public Object jdefer_peek() {
        final ReentrantLock lock = this.lock;
        lock.lock();
        defer(lock::unlock);
        return count == 0 ? null : items[head];
    }

    public Object javac_poll() {
        final ReentrantLock lock = this.lock;
        lock.lock();
        try {
            return count == 0 ? null : extract();
        } finally {
            lock.unlock();
        }
    }

    @Deferred
    public Object jdefer_poll() {
        final ReentrantLock lock = this.lock;
        lock.lock();
        defer(lock::unlock);
        return count == 0 ? null : extract();
    }

    public boolean javac_offer(Object x) {
        if (x == null) {
            throw new NullPointerException();
        }
        final ReentrantLock lock = this.lock;
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
        final ReentrantLock lock = this.lock;
        lock.lock();
        defer(lock::unlock);
        if (count == items.length) {
            return false;
        }
        insert(x);
        return true;
    }

    public Object javac_take() throws InterruptedException {
        final ReentrantLock lock = this.lock;
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
        final ReentrantLock lock = this.lock;
        lock.lockInterruptibly();
        defer(lock::unlock);
        while (count == 0) {
            notEmpty.await();
        }
        return extract();
    }

    public Object javac_poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        final ReentrantLock lock = this.lock;
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
        final ReentrantLock lock = this.lock;
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
        final ReentrantLock lock = this.lock;
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
        final ReentrantLock lock = this.lock;
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
