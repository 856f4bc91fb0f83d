package g;

import static io.jdefer.Defers.*;

import io.jdefer.Deferred;
import io.jdefer.runtime.Deferrals;

/** Code of the method's own that looks like what jdefer emits: a mask update and a merge call. */
public class LookAlike {
    int flags;

    @Deferred
    Throwable mimic(Throwable first, Throwable second) {
        defer(() -> flags = 0);
        int mask = flags;
        mask |= 1;
        flags = mask;
        return Deferrals.merge(first, second);
    }
}
