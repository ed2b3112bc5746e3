package onebox.admin;

import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.PathHandler;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import onebox.config.Secret;
import onebox.config.Settings;
import onebox.observability.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin listener: health for load balancers and systemd, /metrics for Prometheus, and
 * the status page for people. Plain HTTP, loopback by default; with admin tokens every path
 * but the two liveness probes needs a bearer token.
 */
public final class AdminServer implements AutoCloseable {

    /** Where to listen and which tokens to ask for; port 0 picks a free port. */
    public record Config(String bind, int port, Set<Secret> tokens) {
        public static Config from(Settings settings) {
            return new Config(settings.adminBind(), settings.adminPort(), settings.adminTokens());
        }
    }

    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

    private final Undertow undertow;
    private final StatusSampler sampler;
    private final ExecutorService checkThreads;
    private final AtomicBoolean closed = new AtomicBoolean();

    private AdminServer(Undertow undertow, StatusSampler sampler, ExecutorService checkThreads) {
        this.undertow = undertow;
        this.sampler = sampler;
        this.checkThreads = checkThreads;
    }

    /**
     * Binds and starts serving; readiness checks are looked up on every request. Operator
     * {@code tasks} answer at {@code POST /tasks/{name}}, behind the bearer tokens like the rest.
     * {@code POST /admin/handover} exists only when {@code handOver} is present: the next onebox
     * calls it once it is ready (see onebox.Handover); it runs once, after the answer.
     */
    public static AdminServer start(Config config, Metrics metrics, Supplier<List<ReadinessCheck>> checks,
            List<AdminTask> tasks, Clock clock, Optional<Runnable> handOver) {
        ExecutorService checkThreads = Executors.newVirtualThreadPerTaskExecutor();
        StatusSampler sampler = new StatusSampler(metrics, clock);
        PathHandler routes = routes(config.tokens(), metrics, sampler,
                new Readiness(checks, checkThreads, CHECK_TIMEOUT));
        for (AdminTask task : tasks) {
            routes.addExactPath(task.path(), guarded(config.tokens(), new TaskEndpoint(task)));
        }
        handOver.ifPresent(action ->
                routes.addExactPath(HandoverEndpoint.PATH, guarded(config.tokens(), new HandoverEndpoint(action))));
        Undertow undertow = Undertow.builder()
                .addHttpListener(config.port(), config.bind())
                .setIoThreads(1)
                .setWorkerThreads(4)
                .setHandler(routes)
                .build();
        try {
            undertow.start();
        } catch (RuntimeException e) {
            checkThreads.shutdownNow();
            sampler.close();
            throw new IllegalStateException("cannot listen on ONEBOX_ADMIN_BIND/ONEBOX_ADMIN_PORT "
                    + config.bind() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        sampler.start();
        AdminServer server = new AdminServer(undertow, sampler, checkThreads);
        LOG.info("admin listener on http://{}:{}/", config.bind(), server.port());
        return server;
    }

    private static PathHandler routes(Set<Secret> tokens, Metrics metrics, StatusSampler sampler, Readiness readiness) {
        HttpHandler alive = exchange -> Json.send(exchange, 200, Map.of("status", "ok"));
        HttpHandler ready = new ReadinessEndpoint(readiness);
        var build = metrics.build();
        HttpHandler version = exchange -> Json.send(exchange, 200, Map.of(
                "version", build.version(), "commit", build.commit(), "build_time", build.buildTime(),
                "source", "onebox"));
        // The page itself holds no data, so it stays reachable and asks for the token itself.
        return new PathHandler(exchange -> Json.send(exchange, 404, Map.of("status", "not found")))
                .addExactPath("/healthz", alive)
                .addExactPath("/__lbheartbeat__", alive)
                .addExactPath("/", new StatusPage())
                .addExactPath("/readyz", guarded(tokens, ready))
                .addExactPath("/__heartbeat__", guarded(tokens, ready))
                .addExactPath("/__version__", guarded(tokens, version))
                .addExactPath("/metrics", guarded(tokens, new MetricsEndpoint(metrics.registry())))
                .addExactPath("/status.json", guarded(tokens, new StatusJson(sampler, metrics)));
    }

    private static HttpHandler guarded(Set<Secret> tokens, HttpHandler handler) {
        return tokens.isEmpty() ? handler : new BearerAuth(tokens, handler);
    }

    public int port() {
        return ((InetSocketAddress) undertow.getListenerInfo().getFirst().getAddress()).getPort();
    }

    StatusSampler sampler() {
        return sampler;
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        undertow.stop();
        sampler.close();
        checkThreads.shutdownNow();
        try {
            if (!checkThreads.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("admin readiness checks did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
