package onebox.http;

import io.undertow.protocols.http2.GoAwayAnnouncement;
import io.undertow.protocols.http2.Http2Channel;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http2.Http2ServerConnection;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * During a hand-over, makes clients leave this process politely: each response on HTTP/1.x
 * carries {@code Connection: close}, and an HTTP/2 connection gets GOAWAY, announced first
 * so that the streams the client has already sent are served. Clients then open a new connection, which the kernel gives to the
 * next onebox since this one no longer listens. Closing idle connections instead would race
 * with requests the client is sending on them.
 */
final class ConnectionRetirement {

    private static final Logger log = LoggerFactory.getLogger(ConnectionRetirement.class);
    // Undertow offers no public way from an exchange to its HTTP/2 connection's GOAWAY.
    private static final Optional<Field> HTTP2_CHANNEL = http2ChannelField();

    private static final Duration FINAL_GOAWAY_DELAY = Duration.ofSeconds(1);

    private final Set<Http2Channel> announced = ConcurrentHashMap.newKeySet();
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

    private void retire(HttpServerExchange exchange) {
        if (exchange.getConnection() instanceof Http2ServerConnection http2) {
            http2Channel(http2).filter(announced::add).ifPresent(ConnectionRetirement::goAway);
        } else {
            exchange.setPersistent(false);
        }
    }

    /**
     * GOAWAY in two steps, as RFC 9113 asks: first "no new streams" while the streams in
     * flight go on, a round trip later the final one. Both on the connection's IO thread,
     * after the frames already read have been parsed.
     */
    private static void goAway(Http2Channel channel) {
        channel.getIoThread().execute(() -> GoAwayAnnouncement.send(channel));
        channel.getIoThread().executeAfter(() -> channel.sendGoAway(Http2Channel.ERROR_NO_ERROR),
                FINAL_GOAWAY_DELAY.toMillis(), TimeUnit.MILLISECONDS);
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
