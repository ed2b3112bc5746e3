package onebox.http;

import io.undertow.protocols.http2.GoAwayAnnouncement;
import io.undertow.protocols.http2.Http2Channel;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http2.Http2OpenListener;
import io.undertow.server.protocol.http2.Http2ServerConnection;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * During a hand-over, makes clients leave this process politely: each response on HTTP/1.x
 * carries {@code Connection: close}, and every HTTP/2 connection gets GOAWAY, announced first
 * so that the streams the client has already sent are served. Clients then open a new
 * connection, which the kernel gives to the next onebox since this one no longer listens.
 * Closing idle connections instead would race with requests the client is sending on them.
 * The HTTP/2 connections, idle ones included, are those Undertow's open listener keeps from
 * the connection's preface until it closes. (HTTP/1.1 has no such message: an idle keep-alive
 * connection stays until its next request, the idle timeout or the end of the drain.)
 */
final class ConnectionRetirement {

    private static final Logger log = LoggerFactory.getLogger(ConnectionRetirement.class);
    // Undertow offers no public way to the HTTP/2 connections it keeps...
    private static final Optional<Field> OPEN_CONNECTIONS = field(Http2OpenListener.class, "connections",
            "a hand-over sends GOAWAY only on HTTP/2 connections that send a request after it began");
    // ...nor from an exchange to its HTTP/2 connection's GOAWAY...
    private static final Optional<Field> HTTP2_CHANNEL = field(Http2ServerConnection.class, "channel",
            "HTTP/2 connections close at the end of a hand-over's drain rather than after a GOAWAY");
    // ...nor to the streams still open on that connection.
    private static final Optional<Field> OPEN_STREAMS = field(Http2Channel.class, "currentStreams",
            "a hand-over's final HTTP/2 GOAWAY goes after a fixed delay, even if streams are still open");

    static final Duration FINAL_GOAWAY_DELAY = Duration.ofSeconds(1);
    private static final Duration OPEN_STREAMS_POLL = Duration.ofMillis(50);

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

    /**
     * Sends GOAWAY on every HTTP/2 connection the listeners keep, and on any that sends a
     * request from now on. Undertow adds a connection before reading its first frame and this
     * sets {@code retiring} before reading the listeners' sets, so a connection that opens as
     * the hand-over starts is announced by one side or both, never by neither; {@code announced}
     * keeps it to one GOAWAY.
     */
    void start(Collection<Http2OpenListener> listeners) {
        retiring = true;
        listeners.forEach(listener -> openConnections(listener).forEach(connection -> announce((Http2Channel) connection)));
    }

    private void retire(HttpServerExchange exchange) {
        if (exchange.getConnection() instanceof Http2ServerConnection http2) {
            http2Channel(http2).ifPresent(this::announce);
        } else {
            exchange.setPersistent(false);
        }
    }

    private void announce(Http2Channel channel) {
        if (announced.add(channel)) {
            goAway(channel);
        }
    }

    /**
     * GOAWAY in two steps, as RFC 9113 asks: first "no new streams" while the streams in
     * flight go on, then the final one, a round trip later and once those streams are done.
     * Both on the connection's IO thread, after the frames already read have been parsed.
     */
    private static void goAway(Http2Channel channel) {
        channel.getIoThread().execute(() -> GoAwayAnnouncement.send(channel));
        finalGoAwayOnceIdle(channel, FINAL_GOAWAY_DELAY);
    }

    /**
     * Undertow closes the connection as soon as its final GOAWAY is written, and with it every
     * stream still open, so it waits until none is. A client that never lets its streams end
     * is closed at the end of the drain, which also ends this polling.
     */
    private static void finalGoAwayOnceIdle(Http2Channel channel, Duration delay) {
        channel.getIoThread().executeAfter(() -> {
            if (!channel.isOpen()) {
                return;
            }
            if (hasOpenStreams(channel)) {
                finalGoAwayOnceIdle(channel, OPEN_STREAMS_POLL);
            } else {
                channel.sendGoAway(Http2Channel.ERROR_NO_ERROR);
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** False when Undertow no longer keeps its streams where we look: the GOAWAY then goes after the delay. */
    private static boolean hasOpenStreams(Http2Channel channel) {
        return OPEN_STREAMS.map(field -> read(field, channel)).map(streams -> !((Map<?, ?>) streams).isEmpty())
                .orElse(false);
    }

    /** Empty when Undertow no longer keeps them where we look: a connection is then announced on its next request. */
    private static Set<?> openConnections(Http2OpenListener listener) {
        return OPEN_CONNECTIONS.map(field -> (Set<?>) read(field, listener)).orElse(Set.of());
    }

    private static Optional<Http2Channel> http2Channel(Http2ServerConnection connection) {
        return HTTP2_CHANNEL.map(field -> (Http2Channel) read(field, connection));
    }

    private static Object read(Field field, Object owner) {
        try {
            return field.get(owner);
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    private static Optional<Field> field(Class<?> owner, String name, String otherwise) {
        try {
            Field field = owner.getDeclaredField(name);
            field.setAccessible(true);
            return Optional.of(field);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("{} (Undertow changed: {})", otherwise, e.toString());
            return Optional.empty();
        }
    }
}
