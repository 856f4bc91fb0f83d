package io.jdefer.samples.gateway;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * An in-memory stock store with units of work: a request reserves items in a unit of work, which
 * is committed at the end of a successful request and rolled back when the request fails (the Go
 * gateway's {@code defer tx.Rollback()} bug class: jdefer's {@code deferOnError}).
 */
final class Store {
    static final int ITEMS = 1024;

    final AtomicLongArray stock = new AtomicLongArray(ITEMS);
    final LongAdder commits = new LongAdder();
    final LongAdder rollbacks = new LongAdder();
    /** Rollbacks asked for after a commit (a write failed after the commit): harmless, counted. */
    final LongAdder lateRollbacks = new LongAdder();

    Store() {
        for (int i = 0; i < ITEMS; i++) {
            stock.set(i, Long.MAX_VALUE / 4);
        }
    }

    UnitOfWork begin() {
        return new UnitOfWork(this);
    }

    /** A request's pending reservations: applied on commit, dropped on rollback. */
    static final class UnitOfWork {
        private final Store store;
        private int item = -1;
        private int quantity;
        private boolean done;

        UnitOfWork(Store store) {
            this.store = store;
        }

        void reserve(int item, int quantity) {
            this.item = item;
            this.quantity = quantity;
        }

        void commit() {
            if (done) {
                throw new IllegalStateException("unit of work already finished");
            }
            done = true;
            if (item >= 0) {
                store.stock.addAndGet(item, -quantity);
            }
            store.commits.increment();
        }

        void rollback() {
            if (done) {
                store.lateRollbacks.increment();
                return;
            }
            done = true;
            store.rollbacks.increment();
        }
    }
}
