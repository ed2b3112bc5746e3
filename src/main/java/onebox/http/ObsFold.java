package onebox.http;

import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.ConnectorStatistics;
import io.undertow.server.DelegateOpenListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpOpenListener;
import io.undertow.server.protocol.http.HttpServerConnection;
import io.undertow.util.AttachmentKey;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;
import org.xnio.conduits.ConduitStreamSourceChannel;

/**
 * Refuses HTTP/1.x requests with obs-fold (a header line that starts with a space or tab,
 * continuing the previous field): 400 and a closed connection, as for the other framing
 * that two parsers could read differently (RFC 9112 5.2 allows refusing it).
 *
 * <p>Why it takes a conduit: Undertow 2.3's parser (the package-private, final
 * {@code RequestParser}) replaces a fold by one space while it parses, with no option to
 * refuse it and no trace left: {@code "X-A: a\r\n b"} reaches handlers exactly as
 * {@code "X-A: a b"}. So a {@link FoldWatch} under the parser sees the bytes. Where a head
 * begins and ends comes from Undertow's own state rather than from a second parser (which
 * would have to follow Content-Length and chunked bodies, and could disagree with the first):
 * when the root handler runs, the head ends where the connection's read-but-unparsed bytes
 * begin; when the exchange completes (its body read or discarded, a chunked body's excess
 * pushed back), the next head begins there.
 */
final class ObsFold {

    static final String DETAIL = "a header line starts with a space or tab (obs-fold, RFC 9112 5.2)";
    private static final AttachmentKey<Boolean> FOLDED = AttachmentKey.create(Boolean.class);
    private static final AttachmentKey<FoldWatch> WATCH = AttachmentKey.create(FoldWatch.class);
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private ObsFold() {}

    /** Whether this request's head had obs-fold; its connection is then closed after the answer. */
    static boolean detected(HttpServerExchange exchange) {
        return Boolean.TRUE.equals(exchange.getAttachment(FOLDED));
    }

    /**
     * Undertow's HTTP/1.x listener with a {@link FoldWatch} on each connection and {@code root}
     * behind a check of each request: the check must see every exchange of the connection
     * (to learn where heads begin), so it goes before any handler that might not call the next.
     */
    static DelegateOpenListener watching(HttpOpenListener http1, HttpHandler root) {
        http1.setRootHandler(marking(root));
        return new Watching(http1);
    }

    /** Answers a folded request with 400 problem+json; inside the access log, so it is logged and counted. */
    static HttpHandler refusing(HttpHandler next) {
        return exchange -> {
            if (detected(exchange)) {
                ErrorMapper.send(exchange, HttpProblem.badRequest(DETAIL));
                return;
            }
            next.handleRequest(exchange);
        };
    }

    private static HttpHandler marking(HttpHandler next) {
        return exchange -> {
            if (exchange.getConnection() instanceof HttpServerConnection connection) {
                watchOf(connection).ifPresent(watch -> mark(exchange, connection, watch));
            }
            next.handleRequest(exchange);
        };
    }

    /** Looked up under Undertow's conduits (by reflection) on a connection's first request, then kept on it. */
    private static Optional<FoldWatch> watchOf(HttpServerConnection connection) {
        FoldWatch watch = connection.getAttachment(WATCH);
        if (watch == null) {
            watch = ConduitStack.find(connection.getOriginalSourceConduit(), FoldWatch.class).orElse(null);
            if (watch != null) {
                connection.putAttachment(WATCH, watch);
            }
        }
        return Optional.ofNullable(watch);
    }

    private static void mark(HttpServerExchange exchange, HttpServerConnection connection, FoldWatch watch) {
        // Runs before any handler reads the body: what is unparsed now follows the head.
        if (watch.folded(unparsed(connection).remaining())) {
            exchange.putAttachment(FOLDED, true);
            // Whoever answers it, nothing more is read from this connection.
            exchange.setPersistent(false);
        }
        exchange.addExchangeCompleteListener((done, nextListener) -> {
            if (done.isPersistent() && connection.isOpen()) {
                watch.headBegins(unparsed(connection));
            }
            nextListener.proceed();
        });
    }

    /** Bytes Undertow has read from the connection but not parsed yet (pipelined data). */
    private static ByteBuffer unparsed(HttpServerConnection connection) {
        PooledByteBuffer extra = connection.getExtraBytes();
        return extra == null ? NOTHING : extra.getBuffer().asReadOnlyBuffer();
    }

    private static FoldWatch watch(StreamConnection connection) {
        ConduitStreamSourceChannel source = connection.getSourceChannel();
        var watch = new FoldWatch(source.getConduit());
        source.setConduit(watch);
        return watch;
    }

    /** Puts a watch on each connection before Undertow's listener takes it over. */
    private record Watching(HttpOpenListener http1) implements DelegateOpenListener {

        @Override
        public void handleEvent(StreamConnection connection) {
            watch(connection);
            http1.handleEvent(connection);
        }

        @Override
        public void handleEvent(StreamConnection connection, PooledByteBuffer alreadyRead) {
            FoldWatch watch = watch(connection);
            if (alreadyRead != null) {
                watch.readBefore(alreadyRead.getBuffer().asReadOnlyBuffer());
            }
            http1.handleEvent(connection, alreadyRead);
        }

        @Override
        public HttpHandler getRootHandler() {
            return http1.getRootHandler();
        }

        @Override
        public void setRootHandler(HttpHandler root) {
            http1.setRootHandler(marking(root));
        }

        @Override
        public OptionMap getUndertowOptions() {
            return http1.getUndertowOptions();
        }

        @Override
        public void setUndertowOptions(OptionMap options) {
            http1.setUndertowOptions(options);
        }

        @Override
        public ByteBufferPool getBufferPool() {
            return http1.getBufferPool();
        }

        @Override
        public ConnectorStatistics getConnectorStatistics() {
            return http1.getConnectorStatistics();
        }

        @Override
        public void closeConnections() {
            http1.closeConnections();
        }
    }
}
