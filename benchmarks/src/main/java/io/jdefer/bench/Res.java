package io.jdefer.bench;

import java.io.Closeable;

/**
 * A cheap resource: {@link #open()} and {@link #close()} are a field update each, so the cost of
 * the deferral mechanism is not hidden behind the action. {@code Closeable} so that Guava's
 * {@code Closer} and try-with-resources take it as it is, without a lambda.
 */
public final class Res implements Closeable {
    /** Opens minus closes: zero after every balanced benchmark invocation. */
    int open;
    /** Closes so far; read by the tear-down checks. */
    long closes;

    /** Acquires, and returns this resource so that try-with-resources can name it. */
    public Res open() {
        open++;
        return this;
    }

    /** Whether this resource was opened more often than closed; for tear-down checks outside this package. */
    public boolean isOpen() {
        return open != 0;
    }

    @Override
    public void close() {
        open--;
        closes++;
    }
}
