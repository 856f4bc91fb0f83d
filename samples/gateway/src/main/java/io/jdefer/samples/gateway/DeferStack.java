package io.jdefer.samples.gateway;

import java.io.IOException;
import java.util.ArrayDeque;

/**
 * A runtime defer stack, as a library without a compiler's help does it: a deque of action objects
 * per invocation, run last-first at exit with Go's panic/recover rules (an action that throws
 * becomes the pending throwable or is suppressed by it; {@link #recover()} clears it). Each call
 * allocates the deque, each registration a lambda object (and a wrapper for on-error actions).
 */
final class DeferStack {
    /** A deferred action. */
    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    private record OnError(Action action) {}

    private final ArrayDeque<Object> entries = new ArrayDeque<>();
    private Throwable pending;

    void defer(Action action) {
        entries.push(action);
    }

    void deferOnError(Action action) {
        entries.push(new OnError(action));
    }

    /** The body failed with {@code t}: it is pending while the actions run. */
    void panic(Throwable t) {
        pending = t;
    }

    Throwable recover() {
        Throwable t = pending;
        pending = null;
        return t;
    }

    /** Runs the actions, last registered first; then throws what is still pending. */
    void exit() throws IOException {
        for (Object entry; (entry = entries.pollFirst()) != null; ) {
            try {
                if (entry instanceof OnError onError) {
                    if (pending != null) {
                        onError.action().run();
                    }
                } else {
                    ((Action) entry).run();
                }
            } catch (Throwable t) {
                if (pending == null) {
                    pending = t;
                } else if (pending != t) {
                    pending.addSuppressed(t);
                }
            }
        }
        Throwable p = pending;
        if (p == null) {
            return;
        }
        if (p instanceof IOException io) {
            throw io;
        }
        if (p instanceof RuntimeException r) {
            throw r;
        }
        if (p instanceof Error e) {
            throw e;
        }
        throw new IOException(p);
    }
}
