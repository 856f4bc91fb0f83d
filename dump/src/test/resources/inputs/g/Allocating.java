package g;

import static io.jdefer.Defers.*;

import io.jdefer.Deferred;
import java.util.ArrayList;
import java.util.List;

public class Allocating {
    private final List<Object> log = new ArrayList<>();

    @Deferred
    String handle(int id) {
        defer(() -> log.add(id));
        return "handled " + id;
    }

    @Deferred
    void batch(int n) {
        int[] buffer = new int[n];
        defer(() -> log.add(buffer.length));
    }

    String notInScope(int id) {
        return "not checked " + id;
    }
}
