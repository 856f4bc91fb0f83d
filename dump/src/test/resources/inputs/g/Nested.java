package g;

import static io.jdefer.Defers.*;

import io.jdefer.Deferred;

/** A @Deferred class whose nested class's method is in its scope (SPEC S8) without an annotation of its own. */
@Deferred
public class Nested {
    static final class Inner {
        int closed;

        void run() {
            defer(() -> closed++);
        }
    }
}
