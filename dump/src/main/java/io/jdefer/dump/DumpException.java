package io.jdefer.dump;

/** A problem with the user's input or environment, reported as one message without a stack trace. */
public final class DumpException extends RuntimeException {
    public DumpException(String message) {
        super(message);
    }
}
