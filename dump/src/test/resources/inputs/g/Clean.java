package g;

import static io.jdefer.Defers.*;

import io.jdefer.Deferred;
import java.util.concurrent.locks.ReentrantLock;

@Deferred
public class Clean {
    private final ReentrantLock mu;
    private long total;

    Clean(ReentrantLock mu) {
        this.mu = mu;
    }

    long add(long amount) {
        mu.lock();
        defer(mu::unlock);
        if (amount < 0) {
            throw new IllegalArgumentException("negative amount " + amount);
        }
        total += amount;
        return total;
    }

    void audited(Runnable work) {
        deferOnError(() -> System.err.println("failed after " + total));
        work.run();
    }

    void loop(int n) {
        for (int i = 0; i < n; i++) {
            int k = i;
            defer(() -> total += k);
        }
    }
}
