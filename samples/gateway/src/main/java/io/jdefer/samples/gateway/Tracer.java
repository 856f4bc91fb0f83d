package io.jdefer.samples.gateway;

import org.HdrHistogram.Recorder;

/**
 * Per-request spans: a span is started when a request comes in and ended on every exit; its
 * duration, the handler's own time, goes into an HdrHistogram {@link Recorder} (thread-safe,
 * allocation-free on record).
 */
final class Tracer {
    final Recorder handlerNanos = new Recorder(3);

    Span start(String name) {
        return new Span(this, name, System.nanoTime());
    }

    /** One request's span. */
    static final class Span {
        private final Tracer tracer;
        final String name;
        private final long start;

        Span(Tracer tracer, String name, long start) {
            this.tracer = tracer;
            this.name = name;
            this.start = start;
        }

        void end() {
            tracer.handlerNanos.recordValue(Math.max(0, System.nanoTime() - start));
        }
    }
}
