package io.jdefer.samples.gateway;

import java.util.concurrent.atomic.LongAdder;

/** What every handler build shares: the routing table, buffers, tracer, store and counters. */
final class Services {
    final RouteTable routes = new RouteTable();
    final BufferPool buffers;
    final Tracer tracer = new Tracer();
    final Store store = new Store();
    /** Requests that failed and were answered 500 by the recovering action. */
    final LongAdder failures = new LongAdder();

    Services(int buffers) {
        this.buffers = new BufferPool(buffers);
    }
}
