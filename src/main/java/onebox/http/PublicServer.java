package onebox.http;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HandlerWrapper;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
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
import org.xnio.Options;
import org.xnio.Sequence;

/**
 * The public listeners: HTTPS (HTTP/2 and HTTP/1.1 over ALPN, TLS 1.2/1.3) serving the
 * routes, and optionally plain HTTP for ACME HTTP-01 and the redirect to HTTPS.
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

        /** With the default listener limits. */
        public Config(String bind, int httpsPort, int httpPort, List<String> tlsProtocols, List<String> cipherSuites,
                Duration drainTimeout) {
            this(bind, httpsPort, httpPort, tlsProtocols, cipherSuites, drainTimeout, ListenerLimits.DEFAULTS);
        }

        /** The settings' listeners with onebox's TLS policy. An empty cipher list keeps the context's own. */
        public static Config from(Settings settings) {
            return new Config(settings.bind(), settings.httpsPort(), settings.httpPort(),
                    TlsPolicy.PROTOCOLS, TlsPolicy.supportedCipherSuites(), DEFAULT_DRAIN, settings.limits());
        }
    }

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(PublicServer.class);

    private final Undertow undertow;
    private final GracefulShutdownHandler graceful;
    private final Duration drainTimeout;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PublicServer(Undertow undertow, GracefulShutdownHandler graceful, Duration drainTimeout) {
        this.undertow = undertow;
        this.graceful = graceful;
        this.drainTimeout = drainTimeout;
    }

    /**
     * Starts both listeners. {@code routes} is usually {@link PublicRoutes#handler}; {@code wrapper}
     * puts observability (request ids, access log, metrics) around both listeners' handlers;
     * {@code acmeChallenges} maps an HTTP-01 token to its key authorization.
     */
    public static PublicServer start(Config config, SSLContext tls, HttpHandler routes, HandlerWrapper wrapper,
            Function<String, Optional<String>> acmeChallenges) {
        var graceful = new GracefulShutdownHandler(routes);
        var builder = Undertow.builder()
                .setServerOption(UndertowOptions.ENABLE_HTTP2, true)
                // Paths reach the handlers undecoded: %2F inside a product name is not a separator.
                .setServerOption(UndertowOptions.DECODE_URL, false)
                // Handlers stop reading at RequestBody.MAX_BYTES; Undertow then discards the rest of a
                // body up to this bound before answering, since closing on unread data resets the
                // connection and the client would lose the 413. Beyond it the connection is cut.
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, RequestBody.DISCARD_BYTES)
                // After the drain, worker threads still stuck in a handler get this long, then an interrupt.
                .setServerOption(UndertowOptions.SHUTDOWN_TIMEOUT, (int) STOP_TIMEOUT.toMillis())
                .addListener(new Undertow.ListenerBuilder()
                        .setType(Undertow.ListenerType.HTTPS)
                        .setHost(config.bind())
                        .setPort(config.httpsPort())
                        .setSslContext(tls)
                        // Outside the drain, so that its 503s are problems too and the access log sees them.
                        .setRootHandler(wrapper.wrap(ErrorMapper.guard(graceful)))
                        .setOverrideSocketOptions(tlsOptions(config)));
        ListenerOptions.apply(builder, config.limits());
        // With port 0 the HTTPS port is known only once bound; the redirect must name the real one.
        var boundHttpsPort = new AtomicInteger(config.httpsPort());
        if (config.httpPort() != 0) {
            HttpHandler plain = wrapper.wrap(PlainHttp.handler(acmeChallenges, boundHttpsPort::get));
            builder.addListener(new Undertow.ListenerBuilder()
                    .setType(Undertow.ListenerType.HTTP)
                    .setHost(config.bind())
                    .setPort(config.httpPort())
                    .setRootHandler(plain));
        }
        Undertow undertow = builder.build();
        try {
            undertow.start();
        } catch (RuntimeException bindFailed) {
            undertow.stop();
            throw new IllegalStateException("cannot listen on ONEBOX_BIND " + config.bind() + " with ONEBOX_HTTPS_PORT "
                    + config.httpsPort() + " and ONEBOX_HTTP_PORT " + config.httpPort() + ": " + bindFailed.getMessage(),
                    bindFailed);
        }
        var server = new PublicServer(undertow, graceful, config.drainTimeout());
        boundHttpsPort.set(server.httpsPort());
        log.info("public HTTPS listening on {}{}", undertow.getListenerInfo().getFirst().getAddress(),
                config.httpPort() != 0 ? ", HTTP on " + undertow.getListenerInfo().get(1).getAddress() : "");
        return server;
    }

    private static org.xnio.OptionMap tlsOptions(Config config) {
        var options = org.xnio.OptionMap.builder()
                .set(Options.SSL_ENABLED_PROTOCOLS, Sequence.of(config.tlsProtocols()));
        if (!config.cipherSuites().isEmpty()) {
            options.set(Options.SSL_ENABLED_CIPHER_SUITES, Sequence.of(config.cipherSuites()));
        }
        return options.getMap();
    }

    public int httpsPort() {
        return port(0);
    }

    /** The plain HTTP port, or 0 when that listener is off. */
    public int httpPort() {
        return undertow.getListenerInfo().size() > 1 ? port(1) : 0;
    }

    private int port(int listener) {
        return ((InetSocketAddress) undertow.getListenerInfo().get(listener).getAddress()).getPort();
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        // New requests now get 503 while those in flight finish. Undertow's listener suspend
        // would also refuse connections, but it closes the open ones, in-flight requests included.
        graceful.shutdown();
        try {
            if (!graceful.awaitShutdown(drainTimeout.toMillis())) {
                log.warn("requests still in flight after the drain time of {}; stopping anyway", drainTimeout);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            log.warn("interrupted while draining requests; stopping now");
        } finally {
            undertow.stop();
        }
    }
}
