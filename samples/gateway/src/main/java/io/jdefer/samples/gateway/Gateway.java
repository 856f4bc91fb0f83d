package io.jdefer.samples.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * The gateway: the JDK's {@link HttpServer} on the loopback address, serving {@code /orders} with
 * one of the three handler builds, plus {@code /admin/reset} and {@code /admin/stats} for the load
 * generator (the server's own view: handler time percentiles, bytes allocated per request).
 *
 * <p>Usage: {@code Gateway <handWritten|jdefer|deferStack> [port, 0 for any] [worker threads]}.
 * Prints {@code listening on 127.0.0.1:<port>} once it serves.
 */
public final class Gateway implements AutoCloseable {
    /** The handler builds, by the name run.sh and the report use. */
    public enum Variant {
        handWritten,
        jdefer,
        deferStack
    }

    static {
        // The JDK server writes a response's headers and body separately; without TCP_NODELAY,
        // Nagle's algorithm meets the client's delayed ACK and every keep-alive response waits
        // ~40 ms. A documented-by-use property of the jdk.httpserver module, read once at start.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService workers;
    final Services services;
    private final Meter meter;

    public Gateway(Variant variant, int port, int threads) throws IOException {
        services = new Services(threads * 4);
        HttpHandler handler = switch (variant) {
            case handWritten -> new HandWrittenHandler(services);
            case jdefer -> new JdeferHandler(services);
            case deferStack -> new DeferStackHandler(services);
        };
        meter = new Meter(handler);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        server.createContext("/orders", meter);
        server.createContext("/stock", meter);
        server.createContext("/admin/reset", this::reset);
        server.createContext("/admin/stats", this::stats);
        workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "gateway-worker");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(workers);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    public static void main(String[] args) throws IOException {
        Variant variant = Variant.valueOf(args[0]);
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 8080;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        Gateway gateway = new Gateway(variant, port, threads);
        System.out.println("gateway " + variant + " listening on 127.0.0.1:" + gateway.port());
    }

    /**
     * Counts requests and the bytes each allocates on its worker thread while the handler runs
     * (everything the handler does, the JDK server's own work inside it included).
     */
    static final class Meter implements HttpHandler {
        private static final com.sun.management.ThreadMXBean THREADS =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        private final HttpHandler handler;
        final LongAdder requests = new LongAdder();
        final LongAdder allocated = new LongAdder();

        Meter(HttpHandler handler) {
            this.handler = handler;
        }

        @Override
        public void handle(HttpExchange ex) throws IOException {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            try {
                handler.handle(ex);
            } finally {
                allocated.add(THREADS.getCurrentThreadAllocatedBytes() - before);
                requests.increment();
            }
        }

        void reset() {
            requests.reset();
            allocated.reset();
        }
    }

    private void reset(HttpExchange ex) throws IOException {
        meter.reset();
        services.failures.reset();
        services.store.commits.reset();
        services.store.rollbacks.reset();
        services.tracer.handlerNanos.reset();
        answer(ex, "reset\n");
    }

    private void stats(HttpExchange ex) throws IOException {
        Histogram h = services.tracer.handlerNanos.getIntervalHistogram();
        long requests = meter.requests.sum();
        String text = String.format(Locale.ROOT,
                "requests=%d%nfailures=%d%ncommits=%d%nrollbacks=%d%nlate_rollbacks=%d%nbuffer_misses=%d%nbuffers_free=%d%n"
                        + "route_lock_held=%b%nhandler_p50_us=%.1f%nhandler_p99_us=%.1f%nhandler_p999_us=%.1f%n"
                        + "alloc_bytes_per_request=%.0f%n",
                requests, services.failures.sum(), services.store.commits.sum(), services.store.rollbacks.sum(),
                services.store.lateRollbacks.sum(), services.buffers.misses.sum(), services.buffers.available(),
                services.routes.lock.isLocked(), h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
                h.getValueAtPercentile(99.9) / 1e3, requests == 0 ? 0.0 : meter.allocated.sum() / (double) requests);
        answer(ex, text);
    }

    private static void answer(HttpExchange ex, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.US_ASCII);
        try (ex) {
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
        }
    }
}
