package io.jdefer.samples.gateway;

import static io.jdefer.Defers.defer;
import static io.jdefer.Defers.deferOnError;
import static io.jdefer.Defers.recover;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.jdefer.Deferred;
import java.io.IOException;

/**
 * The gateway handler written with jdefer, the way the Go gateway used {@code defer}: every
 * cleanup next to its acquisition, run in reverse order on every exit; a recovering action turns
 * a failure into a 500 (Go's recover middleware); the unit of work is rolled back only on error.
 * Open-coded: no lambda object, no defer record, no allocation for any of it.
 */
final class JdeferHandler implements HttpHandler {
    private final Services s;

    JdeferHandler(Services services) {
        this.s = services;
    }

    @Override
    @Deferred
    public void handle(HttpExchange ex) throws IOException {
        defer(ex::close);
        Tracer.Span span = s.tracer.start("gateway.handle");
        defer(span::end);
        defer(() -> {
            Throwable failure = recover();
            if (failure != null) {
                s.failures.increment();
                Orders.error(ex);
            }
        });
        byte[] buf = s.buffers.acquire();
        defer(() -> s.buffers.release(buf));
        RouteTable.Route route = route(ex.getRequestURI().getPath());
        Store.UnitOfWork uow = s.store.begin();
        deferOnError(uow::rollback);
        int length = Orders.serve(route, ex.getRequestURI().getRawQuery(), uow, buf);
        uow.commit();
        ex.sendResponseHeaders(200, length);
        ex.getResponseBody().write(buf, 0, length);
    }

    /** {@code mu.Lock(); defer mu.Unlock()}. */
    @Deferred
    private RouteTable.Route route(String path) {
        s.routes.lock.lock();
        defer(s.routes.lock::unlock);
        return s.routes.findLocked(path);
    }
}
