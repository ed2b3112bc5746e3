package onebox.http;

import io.undertow.protocols.http2.Http2Channel;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http2.Http2ServerConnection;
import java.lang.reflect.Field;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * During a hand-over, makes clients leave this process politely: each response on HTTP/1.x
 * carries {@code Connection: close}, and an HTTP/2 connection gets a GOAWAY that lets its
 * open streams finish. Clients then open a new connection, which the kernel gives to the
 * next onebox since this one no longer listens. Closing idle connections instead would race
 * with requests the client is sending on them.
 */
final class ConnectionRetirement {

    private static final Logger log = LoggerFactory.getLogger(ConnectionRetirement.class);
    // Undertow offers no public way from an exchange to its HTTP/2 connection's GOAWAY.
    private static final Optional<Field> HTTP2_CHANNEL = http2ChannelField();

    private volatile boolean retiring;

    /** Wraps a listener's root handler; outermost, so that it runs on the IO thread. */
    HttpHandler wrap(HttpHandler next) {
        return exchange -> {
            if (retiring) {
                retire(exchange);
            }
            next.handleRequest(exchange);
        };
    }

    void start() {
        retiring = true;
    }

    private static void retire(HttpServerExchange exchange) {
        if (exchange.getConnection() instanceof Http2ServerConnection http2) {
            http2Channel(http2).ifPresent(channel -> channel.sendGoAway(Http2Channel.ERROR_NO_ERROR));
        } else {
            exchange.setPersistent(false);
        }
    }

    private static Optional<Http2Channel> http2Channel(Http2ServerConnection connection) {
        return HTTP2_CHANNEL.map(field -> {
            try {
                return (Http2Channel) field.get(connection);
            } catch (IllegalAccessException e) {
                return null;
            }
        });
    }

    private static Optional<Field> http2ChannelField() {
        try {
            Field field = Http2ServerConnection.class.getDeclaredField("channel");
            field.setAccessible(true);
            return Optional.of(field);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("no GOAWAY at hand-over for HTTP/2 (Undertow changed: {}); such connections close at the end",
                    e.toString());
            return Optional.empty();
        }
    }
}
