package io.jdefer.bench;

/** A request metric sink: what a deferred "record the outcome" action calls. Field updates only. */
public final class Metrics {
    long count;
    long statusSum;
    long lastStart;
    int routes;

    public void record(String route, int status, long start) {
        count++;
        statusSum += status;
        lastStart = start;
        routes += route.length();
    }

    /**
     * A reusable timer: the method-reference form of the same action. {@link #start} keeps the
     * values a lambda would capture in fields, {@link #stop} records them.
     */
    public static final class Timer {
        private final Metrics metrics;
        private String route;
        private int status;
        private long start;

        public Timer(Metrics metrics) {
            this.metrics = metrics;
        }

        public Timer start(String route, int status, long start) {
            this.route = route;
            this.status = status;
            this.start = start;
            return this;
        }

        public void stop() {
            metrics.record(route, status, start);
        }
    }
}
