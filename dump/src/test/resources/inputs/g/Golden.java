package g;

import static io.jdefer.Defers.*;

import io.jdefer.Defer;
import io.jdefer.Deferred;
import io.jdefer.Strategy;
import java.util.concurrent.locks.ReentrantLock;

/** Fixed input of the golden -S tests: edit it and the goldens change (DumpGoldenTest, -Djdefer.dump.updateGoldens). */
public class Golden {
    static final class Tx {
        void commit() {}
        void rollback() {}
        void close() {}
    }

    private final ReentrantLock mu = new ReentrantLock();
    private int count;

    @Deferred
    int increment(int by) {
        mu.lock();
        defer(mu::unlock);
        if (by < 0) {
            return -1;
        }
        count += by;
        return count;
    }

    @Deferred
    void transaction(Tx tx) {
        deferOnSuccess(tx::commit);
        deferOnError(tx::rollback);
        count++;
    }

    @Deferred
    int loop(int n) {
        for (int i = 0; i < n; i++) {
            int k = i;
            defer(() -> count += k);
        }
        return n;
    }

    @Deferred(Strategy.FRAME)
    void local() {
        @Defer Tx tx = new Tx();
        count++;
    }
}
