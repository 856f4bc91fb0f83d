import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;

/** Hand-written cleanup of every form TryFinallyToDefer converts; run() logs what each exit did. */
public class Shop {
    static final StringBuilder log = new StringBuilder();
    private final ReentrantLock lock = new ReentrantLock();
    private final ReentrantLock audit = new ReentrantLock();
    private int stock = 3;

    static final class Res implements AutoCloseable {
        private final String name;
        private final boolean failClose;

        Res(String name, boolean failClose) {
            this.name = name;
            this.failClose = failClose;
            log.append("open ").append(name).append(';');
        }

        @Override
        public void close() {
            log.append("close ").append(name).append(';');
            if (failClose) {
                throw new IllegalStateException("close " + name);
            }
        }
    }

    int take(int n) {
        final ReentrantLock lock = this.lock;
        lock.lock();
        try {
            if (n > stock) {
                throw new IllegalArgumentException("only " + stock);
            }
            stock -= n;
            log.append("held=").append(lock.isHeldByCurrentThread()).append(';');
            return stock;
        } finally {
            lock.unlock();
        }
    }

    int both(int n) {
        int moved = 0;
        lock.lock();
        try {
            audit.lock();
            try {
                moved = n;
                log.append("holds=").append(lock.getHoldCount() + audit.getHoldCount()).append(';');
            } finally {
                audit.unlock();
            }
        } finally {
            lock.unlock();
        }
        return moved;
    }

    void note(String who) {
        try {
            log.append("note ").append(who.length()).append(';');
        } finally {
            log.append("end1;");
            log.append("end2;");
        }
    }

    void resources(boolean failFirst, boolean failBody) throws IOException {
        try (Res a = new Res("a", failFirst); Res b = new Res("b", true)) {
            log.append("use;");
            if (failBody) {
                throw new IOException("body");
            }
        }
    }

    void save(boolean fail) {
        try {
            log.append("work;");
            if (fail) {
                throw new IllegalStateException("fail");
            }
            log.append("commit;");
        } catch (Throwable t) {
            log.append("rollback;");
            throw t;
        }
    }

    static void call(String what, Callable<?> c) {
        log.append('\n').append(what).append(": ");
        try {
            log.append("-> ").append(c.call());
        } catch (Throwable t) {
            log.append("threw ").append(t).append(" suppressed ").append(Arrays.toString(t.getSuppressed()));
        }
    }

    public static String run() {
        log.setLength(0);
        Shop s = new Shop();
        call("take 1", () -> s.take(1));
        call("take 5", () -> s.take(5));
        call("both", () -> s.both(2));
        call("note", () -> { s.note("ann"); return "ok"; });
        call("note null", () -> { s.note(null); return "ok"; });
        call("resources", () -> { s.resources(false, false); return "ok"; });
        call("resources body", () -> { s.resources(false, true); return "ok"; });
        call("resources both", () -> { s.resources(true, true); return "ok"; });
        call("save", () -> { s.save(false); return "ok"; });
        call("save fail", () -> { s.save(true); return "ok"; });
        log.append("\nlocked at end: ").append(s.lock.isLocked() || s.audit.isLocked());
        return log.toString();
    }
}
