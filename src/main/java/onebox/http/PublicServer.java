package onebox.http;

import io.undertow.UndertowOptions;
import io.undertow.server.HandlerWrapper;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import onebox.config.ListenerLimits;
import onebox.config.Settings;
import onebox.tls.TlsPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Sequence;

/**
 * The public listeners: HTTPS (HTTP/2 and HTTP/1.1 over ALPN, TLS 1.2/1.3) serving the
 * routes, and optionally plain HTTP for ACME HTTP-01 and the redirect to HTTPS.
 * The sockets are bound by onebox with SO_REUSEPORT ({@link ReusePortListeners}), so the
 * next onebox can bind them too; {@link #handOver()} then lets the clients move over.
 * {@link #close()} answers new requests with 503, lets in-flight requests finish for a
 * bounded time, then closes the listeners.
 */
public final class PublicServer implements AutoCloseable {

    /** Where and how to listen; port 0 picks a free port, {@code httpPort} 0 means no HTTP listener. */
    public record Config(String bind, int httpsPort, int httpPort, List<String> tlsProtocols,
            List<String> cipherSuites, Duration drainTimeout, ListenerLimits limits) {

        public static final List<String> DEFAULT_PROTOCOLS = TlsPolicy.PROTOCOLS;
        public static final Duration DEFAULT_DRAIN = Duration.ofSeconds(20);

        public Config {
            tlsProtocols = List.copyOf(tlsProtocols);
            cipherSuites = List.copyOf(cipherSuites);
            if (tlsProtocols.isEmpty() || !DEFAULT_PROTOCOLS.containsAll(tlsProtocols)) {
                throw new IllegalArgumentException("TLS protocols must be TLSv1.3 and/or TLSv1.2, got " + tlsProtocols);
            }
        }

        /** The settings' listeners with onebox's TLS policy. An empty cipher list keeps the context's own. */
        public static Config from(Settings settings) {
            return new Config(settings.bind(), settings.httpsPort(), settings.httpPort(),
                    TlsPolicy.PROTOCOLS, TlsPolicy.supportedCipherSuites(), DEFAULT_DRAIN, settings.limits());
        }
    }

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(PublicServer.class);

    private final ReusePortListeners listeners;
    private final ConnectionRetirement retirement;
    private final GracefulShutdownHandler graceful;
    private final Duration drainTimeout;
    private final InetSocketAddress httpsAddress;
    private final Optional<InetSocketAddress> httpAddress;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean handedOver = new AtomicBoolean();

    private PublicServer(ReusePortListeners listeners, ConnectionRetirement retirement, GracefulShutdownHandler graceful,
            Duration drainTimeout, InetSocketAddress httpsAddress, Optional<InetSocketAddress> httpAddress) {
        this.listeners = listeners;
        this.retirement = retirement;
        this.graceful = graceful;
        this.drainTimeout = drainTimeout;
        this.httpsAddress = httpsAddress;
        this.httpAddress = httpAddress;
    }

    /**
     * Starts both listeners. {@code routes} is usually {@link PublicRoutes#handler}; {@code wrapper}
     * puts observability (request ids, access log, metrics) around both listeners' handlers;
     * {@code acmeChallenges} maps an HTTP-01 token to its key authorization. The sockets are
     * bound with SO_REUSEPORT: a running onebox and the next one can share the ports (see
     * {@link #handOver()}).
     */
    public static PublicServer start(Config config, SSLContext tls, HttpHandler routes, HandlerWrapper wrapper,
            Function<String, Optional<String>> acmeChallenges) {
        var graceful = new GracefulShutdownHandler(routes);
        var retirement = new ConnectionRetirement();
        var serverOptions = OptionMap.builder()
                .set(UndertowOptions.ENABLE_HTTP2, true)
                // Paths reach the handlers undecoded: %2F inside a product name is not a separator.
                .set(UndertowOptions.DECODE_URL, false)
                // Handlers stop reading at RequestBody.MAX_BYTES; Undertow then discards the rest of a
                // body up to this bound before answering, since closing on unread data resets the
                // connection and the client would lose the 413. Beyond it the connection is cut.
                .set(UndertowOptions.MAX_ENTITY_SIZE, RequestBody.DISCARD_BYTES)
                .addAll(ListenerOptions.serverOptions(config.limits()))
                .getMap();
        // With port 0 the HTTPS port is known only once bound; the redirect must name the real one.
        var boundHttpsPort = new AtomicInteger(config.httpsPort());
        ReusePortListeners listeners = null;
        try {
            // After the drain, worker threads still stuck in a handler get STOP_TIMEOUT, then an interrupt.
            listeners = ReusePortListeners.start(serverOptions, ListenerOptions.socketOptions(config.limits()),
                    STOP_TIMEOUT);
            // Outside the drain, so that its 503s are problems too and the access log sees them.
            InetSocketAddress https = listeners.https(config.bind(), config.httpsPort(), tls, tlsOptions(config),
                    retirement.wrap(wrapper.wrap(ObsFold.refusing(ErrorMapper.guard(graceful)))));
            boundHttpsPort.set(https.getPort());
            Optional<InetSocketAddress> http = Optional.empty();
            if (config.httpPort() != 0) {
                HttpHandler plain = wrapper.wrap(ObsFold.refusing(PlainHttp.handler(acmeChallenges, boundHttpsPort::get)));
                http = Optional.of(listeners.http(config.bind(), config.httpPort(), retirement.wrap(plain)));
            }
            log.info("public HTTPS listening on {}{}", https, http.map(address -> ", HTTP on " + address).orElse(""));
            return new PublicServer(listeners, retirement, graceful, config.drainTimeout(), https, http);
        } catch (IOException | RuntimeException bindFailed) {
            if (listeners != null) {
                listeners.close();
            }
            throw new IllegalStateException("cannot listen on ONEBOX_BIND " + config.bind() + " with ONEBOX_HTTPS_PORT "
                    + config.httpsPort() + " and ONEBOX_HTTP_PORT " + config.httpPort() + ": " + bindFailed.getMessage(),
                    bindFailed);
        }
    }

    private static OptionMap tlsOptions(Config config) {
        var options = OptionMap.builder()
                .set(Options.SSL_ENABLED_PROTOCOLS, Sequence.of(config.tlsProtocols()));
        if (!config.cipherSuites().isEmpty()) {
            options.set(Options.SSL_ENABLED_CIPHER_SUITES, Sequence.of(config.cipherSuites()));
        }
        return options.getMap();
    }

    public int httpsPort() {
        return httpsAddress.getPort();
    }

    /** The plain HTTP port, or 0 when that listener is off. */
    public int httpPort() {
        return httpAddress.map(InetSocketAddress::getPort).orElse(0);
    }

    /**
     * Hands the ports over to the next onebox, which has bound them too: stops listening
     * (connections still queued on the sockets move to the next process's, see
     * {@link ReusePortListeners#stopAccepting()}), then asks every client to reconnect as
     * its next response goes out and waits, up to the drain time, until no connection is
     * left. Requests keep being served meanwhile. {@link #close()} follows.
     */
    public void handOver() {
        if (closed.get() || handedOver.getAndSet(true)) {
            return;
        }
        if (!ReusePortListeners.kernelMigratesQueuedConnections()) {
            log.warn("net.ipv4.tcp_migrate_req is 0: connections queued on the listening sockets at this very moment"
                    + " are reset, not moved to the next onebox (set it to 1, see README)");
        }
        listeners.stopAccepting();
        retirement.start(listeners.http2Listeners());
        log.info("handing over: stopped listening, {} connections to drain", listeners.openConnections());
        try {
            if (!listeners.awaitConnectionsClosed(drainTimeout)) {
                log.warn("{} connections still open after the drain time of {}; closing them",
                        listeners.openConnections(), drainTimeout);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            log.warn("interrupted while handing over; closing connections now");
        }
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        // New requests now get 503 while those in flight finish. Closing the listeners first
        // would also refuse connections, but it would close the open ones, in-flight requests included.
        graceful.shutdown();
        if (handedOver.get() && listeners.openConnections() == 0) {
            // Drained by the hand-over: no connection is left to carry a request. (The count of
            // requests in flight can stay above zero when a client reset an HTTP/2 stream.)
            listeners.close();
            return;
        }
        try {
            if (!graceful.awaitShutdown(drainTimeout.toMillis())) {
                log.warn("requests still in flight after the drain time of {}; stopping anyway", drainTimeout);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            log.warn("interrupted while draining requests; stopping now");
        } finally {
            listeners.close();
        }
    }
}
