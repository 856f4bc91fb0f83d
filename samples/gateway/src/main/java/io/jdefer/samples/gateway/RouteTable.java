package io.jdefer.samples.gateway;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The gateway's routing table: a map guarded by a mutex, read on every request (the Go gateway's
 * {@code mu.Lock(); defer mu.Unlock()}). Each handler build locks it in its own style; the table
 * only offers the lock and the unguarded look-up.
 */
final class RouteTable {
    final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Route> routes = new HashMap<>();
    /** Look-ups served, guarded by {@link #lock}. */
    long lookups;

    /** A backend route: its name and the backend it forwards to. */
    record Route(String name, String backend) {}

    RouteTable() {
        routes.put("/orders", new Route("orders", "orders-v2.internal:8080"));
        routes.put("/stock", new Route("stock", "stock-v1.internal:8080"));
    }

    /** The route of {@code path}, or the orders route; call with {@link #lock} held. */
    Route findLocked(String path) {
        lookups++;
        Route route = routes.get(path);
        return route != null ? route : routes.get("/orders");
    }
}
