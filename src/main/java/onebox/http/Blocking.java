package onebox.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;
import io.undertow.util.Protocols;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.xnio.channels.StreamSourceChannel;

/**
 * Moves a handler off the IO thread before it touches the repository or reads a body.
 *
 * <p>It uses Undertow's worker pool rather than virtual threads on purpose: the pool is
 * bounded, so a burst of requests queues in front of the database instead of piling up
 * thousands of threads that all wait for one of the few pooled connections.
 */
final class Blocking {

    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private Blocking() {}

    static HttpHandler of(HttpHandler handler) {
        return new HttpHandler() {
            @Override
            public void handleRequest(HttpServerExchange exchange) throws IOException {
                if (exchange.isInIoThread()) {
                    finishEmptyHttp2Request(exchange);
                    exchange.dispatch(this);
                    return;
                }
                ErrorMapper.run(handler, exchange);
            }
        };
    }

    /**
     * Undertow counts a client's RST_STREAM toward its rapid-reset limit (CVE-2023-44487,
     * {@link ListenerOptions}) only once the stream's request side is finished. Reading a
     * request without a body to its end before the hand-off makes the resets of streams
     * still waiting for a worker count; otherwise a client could open and cancel streams
     * that each cost a database query without ever being cut off.
     */
    static void finishEmptyHttp2Request(HttpServerExchange exchange) throws IOException {
        boolean read = exchange.getRequestMethod().equals(Methods.GET) || exchange.getRequestMethod().equals(Methods.HEAD);
        if (!read || !exchange.getProtocol().equals(Protocols.HTTP_2_0)) {
            return; // writes read their bodies on the worker
        }
        StreamSourceChannel request = exchange.getRequestChannel();
        if (request != null && request.read(NOTHING.duplicate()) == -1) {
            request.close();
        }
    }
}
