package io.jdefer.samples.gateway;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * An open-loop HTTP/1.1 load generator for the loopback gateway, aware of coordinated omission
 * (wrk2's model): each of {@code connections} keep-alive connections has its own fixed schedule,
 * together {@code rate} requests per second; a request's latency is measured from the time it was
 * <em>scheduled</em> to be sent, not from when it was sent, so a stalled server is charged for
 * every request that should have gone out meanwhile. A warm-up phase (discarded, then the server's
 * counters are reset), a measured phase, bounded in time; then the server's own statistics.
 *
 * <p>Usage: {@code LoadGen <port> <rate/s> <connections> <warm-up s> <duration s> <fail every N
 * requests, 0 for none> <label>}. Prints a markdown table row and the raw figures.
 */
public final class LoadGen {
    private LoadGen() {}

    /** One phase's outcome across connections. */
    record Phase(Histogram latency, long ok, long failed, long errors, double seconds) {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int rate = Integer.parseInt(args[1]);
        int connections = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        int duration = Integer.parseInt(args[4]);
        int failEvery = Integer.parseInt(args[5]);
        String label = args[6];

        awaitServer(port);
        List<Conn> conns = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            conns.add(new Conn(port));
        }
        run(conns, rate, warmup, failEvery);
        admin(port, "/admin/reset");
        Phase p = run(conns, rate, duration, failEvery);
        Map<String, String> server = parse(admin(port, "/admin/stats"));
        for (Conn c : conns) {
            c.close();
        }
        Histogram h = p.latency();
        double throughput = (p.ok() + p.failed()) / p.seconds();
        System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %s | %s | %s | %d |%n", label, rate,
                throughput, us(h.getValueAtPercentile(50)), us(h.getValueAtPercentile(99)), us(h.getValueAtPercentile(99.9)),
                us(h.getMaxValue()), us(h.getMean()), server.get("handler_p50_us"), server.get("handler_p99_us"),
                server.get("alloc_bytes_per_request"), p.errors());
        System.err.printf(Locale.ROOT, "%s: ok=%d failed(500)=%d errors=%d in %.1f s; server %s%n", label, p.ok(), p.failed(),
                p.errors(), p.seconds(), server);
        String bad = check(server, p);
        if (bad != null) {
            System.err.println(label + ": INVALID RUN: " + bad);
            System.exit(2);
        }
    }

    /** The server must have released everything and answered every request it counted. */
    static String check(Map<String, String> server, Phase p) {
        if (Boolean.parseBoolean(server.get("route_lock_held"))) {
            return "the route lock is still held";
        }
        if (!"0".equals(server.get("late_rollbacks")) && server.get("late_rollbacks") != null) {
            return "rollbacks after commit: " + server.get("late_rollbacks");
        }
        if (p.failed() > 0 && !server.get("rollbacks").equals(server.get("failures"))) {
            return "failures " + server.get("failures") + " but rollbacks " + server.get("rollbacks");
        }
        return null;
    }

    static double us(double nanos) {
        return nanos / 1e3;
    }

    static Phase run(List<Conn> conns, int rate, int seconds, int failEvery) throws InterruptedException {
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long deadline = end + TimeUnit.SECONDS.toNanos(10);
        int n = conns.size();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            Conn conn = conns.get(c);
            int index = c;
            conn.reset();
            Thread t = new Thread(() -> conn.drive(index, n, start, interval, end, deadline, failEvery), "load-" + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Histogram all = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        long ok = 0;
        long failed = 0;
        long errors = 0;
        for (Conn c : conns) {
            all.add(c.latency);
            ok += c.ok;
            failed += c.failed;
            errors += c.errors;
        }
        return new Phase(all, ok, failed, errors, elapsed);
    }

    /** One keep-alive connection and its schedule. */
    static final class Conn {
        private final int port;
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        long ok;
        long failed;
        long errors;

        Conn(int port) throws IOException {
            this.port = port;
            connect();
        }

        private void connect() throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            in = new BufferedInputStream(socket.getInputStream(), 8192);
            out = socket.getOutputStream();
        }

        void reset() {
            latency.reset();
            ok = 0;
            failed = 0;
            errors = 0;
        }

        /** Requests {@code k * n + index} at {@code start + (k * n + index) * interval}, until {@code end}. */
        void drive(int index, int n, long start, long interval, long end, long deadline, int failEvery) {
            for (long k = 0; ; k++) {
                long i = k * n + index;
                long intended = start + i * interval;
                if (intended >= end || System.nanoTime() > deadline) {
                    return;
                }
                for (long wait; (wait = intended - System.nanoTime()) > 0; ) {
                    LockSupport.parkNanos(wait);
                }
                boolean fail = failEvery > 0 && i % failEvery == failEvery - 1;
                String path = "/orders?item=" + (i % Store.ITEMS) + "&qty=1" + (fail ? "&fail=1" : "");
                try {
                    int status = exchange(path);
                    latency.recordValue(Math.min(System.nanoTime() - intended, latency.getHighestTrackableValue()));
                    if (status == 200) {
                        ok++;
                    } else if (status == 500 && fail) {
                        failed++;
                    } else {
                        errors++;
                    }
                } catch (IOException e) {
                    errors++;
                    close();
                    try {
                        connect();
                    } catch (IOException again) {
                        return;
                    }
                }
            }
        }

        int exchange(String path) throws IOException {
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return readResponse(in);
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** Reads one HTTP/1.1 response with a Content-Length body; returns its status. */
    static int readResponse(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null || !statusLine.startsWith("HTTP/1.1 ")) {
            throw new IOException("bad status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = 0;
        for (String header; !(header = line(in)).isEmpty(); ) {
            if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Long.parseLong(header.substring(15).trim());
            }
        }
        for (long left = length; left > 0; left--) {
            if (in.read() < 0) {
                throw new IOException("response cut short");
            }
        }
        return status;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder(64);
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                if (b.length() == 0) {
                    return null;
                }
                throw new IOException("connection closed mid-line");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    static void awaitServer(int port) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    static String admin(int port, String path) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String text = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            int body = text.indexOf("\r\n\r\n");
            return body < 0 ? "" : text.substring(body + 4);
        }
    }

    static Map<String, String> parse(String text) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                map.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return map;
    }
}
