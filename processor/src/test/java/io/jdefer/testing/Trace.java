package io.jdefer.testing;

import java.util.ArrayList;
import java.util.List;

/** The event log that test programs write to and tests read: shared through the parent class loader. */
public final class Trace {
    private static final List<String> EVENTS = new ArrayList<>();

    private Trace() {}

    public static synchronized void log(Object event) {
        EVENTS.add(String.valueOf(event));
    }

    /** The events since the last call, then forgets them. */
    public static synchronized List<String> take() {
        List<String> events = new ArrayList<>(EVENTS);
        EVENTS.clear();
        return events;
    }
}
