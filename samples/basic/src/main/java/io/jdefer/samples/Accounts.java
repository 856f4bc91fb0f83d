package io.jdefer.samples;

import static io.jdefer.Defers.defer;
import static io.jdefer.Defers.deferOnError;
import static io.jdefer.Defers.deferOnSuccess;
import static io.jdefer.Defers.recover;

import io.jdefer.Defer;
import io.jdefer.Deferred;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A small bank: the cleanup Go programmers write with {@code defer}, written with jdefer. Every
 * method below is rewritten at compile time; the lambdas passed to {@code defer} never become objects.
 */
public final class Accounts {
    private final ReentrantLock mu = new ReentrantLock();
    private final Map<String, Long> balances = new HashMap<>();
    final List<String> journal = new ArrayList<>();

    public Accounts(Map<String, Long> opening) {
        balances.putAll(opening);
    }

    /** Lock, begin, commit on success, roll back on failure: no try/finally pyramid. */
    @Deferred
    public long transfer(String from, String to, long amount) {
        mu.lock();
        defer(mu::unlock);
        Tx tx = new Tx(journal);
        deferOnSuccess(tx::commit);
        deferOnError(tx::rollback);
        long left = balances.get(from) - amount;
        if (left < 0) {
            throw new IllegalStateException("insufficient funds in " + from);
        }
        tx.put(balances, from, left);
        tx.put(balances, to, balances.get(to) + amount);
        return left;
    }

    /** A boundary that never lets an exception out, Go's recover(). Returns 0 after a recovery. */
    @Deferred
    public long safeTransfer(String from, String to, long amount) {
        defer(() -> {
            Throwable failure = recover();
            if (failure != null) {
                journal.add("recovered: " + failure.getMessage());
            }
        });
        return transfer(from, to, amount);
    }

    /** Defers in a loop: one pooled frame, no allocation in steady state, LIFO over every iteration. */
    @Deferred
    public int auditAll(List<String> names) {
        int audited = 0;
        for (String name : names) {
            @Defer("close") Audit audit = new Audit(name, journal);
            audited++;
        }
        defer(() -> journal.add("audit done"));
        return audited;
    }

    public long balance(String name) {
        return balances.get(name);
    }

    /** A unit of work that remembers what it changed. */
    static final class Tx {
        private final List<String> journal;
        private final Map<String, Long> undo = new HashMap<>();
        private Map<String, Long> target;

        Tx(List<String> journal) {
            this.journal = journal;
        }

        void put(Map<String, Long> map, String key, long value) {
            target = map;
            undo.putIfAbsent(key, map.get(key));
            map.put(key, value);
        }

        void commit() {
            journal.add("commit");
        }

        void rollback() {
            if (target != null) {
                target.putAll(undo);
            }
            journal.add("rollback");
        }
    }

    /** Something to close, for {@code @Defer}. */
    static final class Audit {
        private final String name;
        private final List<String> journal;

        Audit(String name, List<String> journal) {
            this.name = name;
            this.journal = journal;
            journal.add("open " + name);
        }

        void close() {
            journal.add("close " + name);
        }
    }
}
