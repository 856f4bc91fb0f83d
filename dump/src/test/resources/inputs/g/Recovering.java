package g;

import static io.jdefer.Defers.*;

import io.jdefer.Deferred;

/** Fixed input of the golden -S tests: recover() in a lambda action and in a method-reference target. */
public class Recovering {
    private String last;

    @Deferred
    String withLambda(String input) {
        defer(() -> {
            Throwable t = recover();
            if (t != null) {
                last = t.getMessage();
            }
        });
        return input.trim();
    }

    @Deferred
    String withReference(String input) {
        defer(this::swallow);
        return input.trim();
    }

    @Deferred
    void swallow() {
        Throwable t = recover();
        last = t == null ? null : t.getMessage();
    }
}
