package onebox.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;

/**
 * Moves a handler off the IO thread before it touches the repository or reads a body.
 *
 * <p>It uses Undertow's worker pool rather than virtual threads on purpose: the pool is
 * bounded, so a burst of requests queues in front of the database instead of piling up
 * thousands of threads that all wait for one of the few pooled connections.
 */
final class Blocking {

    private Blocking() {}

    static HttpHandler of(HttpHandler handler) {
        return new HttpHandler() {
            @Override
            public void handleRequest(HttpServerExchange exchange) throws IOException {
                if (exchange.isInIoThread()) {
                    exchange.dispatch(this);
                    return;
                }
                ErrorMapper.run(handler, exchange);
            }
        };
    }
}
