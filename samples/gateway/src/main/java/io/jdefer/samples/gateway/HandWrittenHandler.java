package io.jdefer.samples.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;

/**
 * The gateway handler with hand-written {@code try}/{@code finally}: the same steps as
 * {@link JdeferHandler}, in the same order, nested as Java makes one write them.
 */
final class HandWrittenHandler implements HttpHandler {
    private final Services s;

    HandWrittenHandler(Services services) {
        this.s = services;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try {
            Tracer.Span span = s.tracer.start("gateway.handle");
            try {
                try {
                    byte[] buf = s.buffers.acquire();
                    try {
                        RouteTable.Route route = route(ex.getRequestURI().getPath());
                        Store.UnitOfWork uow = s.store.begin();
                        try {
                            int length = Orders.serve(route, ex.getRequestURI().getRawQuery(), uow, buf);
                            uow.commit();
                            ex.sendResponseHeaders(200, length);
                            ex.getResponseBody().write(buf, 0, length);
                        } catch (Throwable t) {
                            try {
                                uow.rollback();
                            } catch (Throwable r) {
                                t.addSuppressed(r);
                            }
                            throw t;
                        }
                    } finally {
                        s.buffers.release(buf);
                    }
                } catch (Throwable failure) {
                    s.failures.increment();
                    Orders.error(ex);
                }
            } finally {
                span.end();
            }
        } finally {
            ex.close();
        }
    }

    private RouteTable.Route route(String path) {
        s.routes.lock.lock();
        try {
            return s.routes.findLocked(path);
        } finally {
            s.routes.lock.unlock();
        }
    }
}
