package io.jdefer.samples.gateway;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The request's business logic, the same in every handler build: reserve stock, write JSON. */
final class Orders {
    private static final byte[] ERROR = "{\"status\":\"failed\"}\n".getBytes(StandardCharsets.US_ASCII);

    private Orders() {}

    /** Thrown when a backend refuses a request ({@code fail=1} in the query). */
    static final class OrderFailure extends RuntimeException {
        OrderFailure(String message) {
            super(message);
        }
    }

    /**
     * Reserves {@code qty} of {@code item} in {@code uow} and writes the JSON answer into
     * {@code buf}; returns its length.
     */
    static int serve(RouteTable.Route route, String query, Store.UnitOfWork uow, byte[] buf) {
        int item = Ascii.param(query, "item", 0) % Store.ITEMS;
        int qty = Ascii.param(query, "qty", 1);
        if (Ascii.param(query, "fail", 0) == 1) {
            throw new OrderFailure("backend " + route.backend() + " refused item " + item);
        }
        uow.reserve(item, qty);
        int p = Ascii.put(buf, 0, "{\"route\":\"");
        p = Ascii.put(buf, p, route.name());
        p = Ascii.put(buf, p, "\",\"backend\":\"");
        p = Ascii.put(buf, p, route.backend());
        p = Ascii.put(buf, p, "\",\"item\":");
        p = Ascii.put(buf, p, item);
        p = Ascii.put(buf, p, ",\"qty\":");
        p = Ascii.put(buf, p, qty);
        p = Ascii.put(buf, p, ",\"status\":\"reserved\"}\n");
        return p;
    }

    /** Answers 500, unless the response was already started (then the client sees a cut response). */
    static void error(HttpExchange ex) throws IOException {
        if (ex.getResponseCode() == -1) {
            ex.sendResponseHeaders(500, ERROR.length);
            ex.getResponseBody().write(ERROR);
        }
    }
}
