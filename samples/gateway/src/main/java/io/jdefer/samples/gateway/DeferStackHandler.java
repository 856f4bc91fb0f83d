package io.jdefer.samples.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;

/** The gateway handler with a runtime defer stack ({@link DeferStack}): the same steps again. */
final class DeferStackHandler implements HttpHandler {
    private final Services s;

    DeferStackHandler(Services services) {
        this.s = services;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        DeferStack defers = new DeferStack();
        try {
            defers.defer(ex::close);
            Tracer.Span span = s.tracer.start("gateway.handle");
            defers.defer(span::end);
            defers.defer(() -> {
                Throwable failure = defers.recover();
                if (failure != null) {
                    s.failures.increment();
                    Orders.error(ex);
                }
            });
            byte[] buf = s.buffers.acquire();
            defers.defer(() -> s.buffers.release(buf));
            RouteTable.Route route = route(ex.getRequestURI().getPath());
            Store.UnitOfWork uow = s.store.begin();
            defers.deferOnError(uow::rollback);
            int length = Orders.serve(route, ex.getRequestURI().getRawQuery(), uow, buf);
            uow.commit();
            ex.sendResponseHeaders(200, length);
            ex.getResponseBody().write(buf, 0, length);
        } catch (Throwable t) {
            defers.panic(t);
        }
        defers.exit();
    }

    private RouteTable.Route route(String path) throws IOException {
        DeferStack defers = new DeferStack();
        RouteTable.Route route = null;
        try {
            s.routes.lock.lock();
            defers.defer(s.routes.lock::unlock);
            route = s.routes.findLocked(path);
        } catch (Throwable t) {
            defers.panic(t);
        }
        defers.exit();
        return route;
    }
}
