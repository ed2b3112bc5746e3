package onebox;

import com.zaxxer.hikari.HikariDataSource;
import io.undertow.server.HttpHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import onebox.admin.AdminServer;
import onebox.admin.ReadinessCheck;
import onebox.config.Settings;
import onebox.db.Database;
import onebox.http.HttpsPolicy;
import onebox.http.PublicRoutes;
import onebox.http.PublicServer;
import onebox.http.StaticFiles;
import onebox.http.guard.PublicGuards;
import onebox.observability.Metrics;
import onebox.observability.PostgresProbe;
import onebox.observability.TlsStatus;
import onebox.products.JooqProductRepository;
import onebox.products.TimedProductRepository;
import onebox.tls.CertificateSource;
import onebox.tls.CertifiedKey;
import onebox.tls.DevCertificateAuthority;
import onebox.tls.PemFileSource;
import onebox.tls.SelfSigned;
import onebox.tls.SwappableKeyManager;
import onebox.tls.TlsPolicy;
import onebox.tls.acme.AcmeWiring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that wires onebox together: metrics, database, certificates, the admin
 * listener, then the public listeners. Components start in that order and close in
 * reverse, once; a failure half-way closes what had started.
 */
public final class App implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(App.class);
    private static final Duration READY_TO_TAKE_OVER = Duration.ofMinutes(4);
    private static final Duration ADMIN_PORT_RELEASE = Duration.ofSeconds(15);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile PublicServer publicServer;
    private volatile AdminServer adminServer;

    private App() {}

    /**
     * Starts every component; returns once the listeners accept connections. If another
     * onebox runs with these settings, this one takes over from it (see {@link Handover});
     * if this one is later asked to hand over, {@code afterHandOver} runs once it has handed
     * over and drained (Main: exit 0; tests: close).
     */
    public static App start(Settings settings, Runnable afterHandOver) throws Exception {
        App app = new App();
        try {
            app.startAll(settings, Clock.systemUTC(), afterHandOver);
        } catch (Exception | Error e) {
            app.close();
            throw e;
        }
        return app;
    }

    private void startAll(Settings settings, Clock clock, Runnable afterHandOver) throws Exception {
        Optional<Handover> predecessor = Handover.findPredecessor(settings);
        if (predecessor.isPresent() && settings.pgDsn().isEmpty()) {
            // Two processes cannot share the embedded database: a plain restart is the upgrade there.
            throw new IllegalStateException("another onebox answers on ONEBOX_ADMIN_PORT " + settings.adminPort()
                    + "; taking over from it needs PG_DSN (an external PostgreSQL): stop it first");
        }
        Metrics metrics = own(Metrics.create());
        Database database = own(Database.open(settings));
        if (database.dataSource() instanceof HikariDataSource pool) {
            metrics.instrumentPool(pool);
        }
        metrics.watchDatabase(new PostgresProbe(database.dataSource()));

        Optional<AcmeWiring> acme = settings.tls() == Settings.TlsMode.ACME
                ? Optional.of(own(AcmeWiring.create(settings, database.dataSource(), metrics.tls(), clock)))
                : Optional.empty();
        CertificateSource certificates = acme.isPresent() ? acme.get().source() : own(certificateSource(settings, clock));
        var keyManager = new SwappableKeyManager(SelfSigned.placeholder(settings.domains()));
        if (acme.isEmpty()) {
            certificates.start(keyManager);
            metrics.tls().watch(() -> tlsStatus(certificates, settings.domains()));
        }

        List<ReadinessCheck> checks = new ArrayList<>(database.readinessChecks());
        checks.add(acme.map(AcmeWiring::readiness).orElseGet(() -> certificateCheck(certificates, clock)));
        // The admin listener starts first; until the public one is open, ready would be a lie.
        List<ReadinessCheck> adminChecks = new ArrayList<>(checks);
        adminChecks.add(ReadinessCheck.of("listeners", () -> publicServer == null
                ? Optional.of("the public listeners are not open yet") : Optional.empty()));
        Supplier<AdminServer> admin = () -> AdminServer.start(AdminServer.Config.from(settings), metrics, () -> adminChecks,
                acme.map(AcmeWiring::adminTasks).orElse(List.of()), clock, Optional.of(() -> handOver(afterHandOver)));
        if (predecessor.isEmpty()) {
            adminServer = own(admin.get());
        } else {
            // Taking over: the certificate the running onebox serves is in the shared database.
            if (acme.isPresent()) {
                certificates.start(keyManager);
            }
            Handover.awaitReady(checks, READY_TO_TAKE_OVER);
        }

        StaticFiles files = own(StaticFiles.from(settings.staticDir()));
        HttpHandler routes = PublicRoutes.handler(
                new TimedProductRepository(new JooqProductRepository(database.dsl()), metrics.queries()), files);
        // Inside HSTS and the certificate wait, so that their refusals (401, 403, 429) carry HSTS too.
        routes = PublicGuards.wrap(routes, settings, metrics.registry(), clock);
        if (acme.isPresent()) {
            routes = HttpsPolicy.untilCertificate(() -> certificates.current().isPresent(), routes);
        }
        if (settings.tls() != Settings.TlsMode.SELF_SIGNED) {
            routes = HttpsPolicy.hsts(routes);
        }
        publicServer = own(PublicServer.start(PublicServer.Config.from(settings),
                acme.map(a -> a.serverContext(keyManager)).orElseGet(() -> TlsPolicy.serverContext(keyManager)),
                routes,
                metrics.httpWrapper(),
                token -> acme.flatMap(a -> a.http01(token))));
        if (acme.isPresent() && predecessor.isEmpty()) {
            // After the listeners: the CA may validate a challenge the moment it is ordered.
            certificates.start(keyManager);
        }
        if (predecessor.isPresent()) {
            predecessor.get().request();
            adminServer = own(predecessor.get().whenAdminPortFree(admin, ADMIN_PORT_RELEASE));
        }

        logWhereToFindUs(settings, database, certificates);
    }

    /**
     * The old side of a hand-over, on its own thread: the next onebox is ready and listens on
     * the public ports too. Let the admin port go (the next one waits for it), stop listening
     * and drain the public connections, then stop as on SIGTERM.
     */
    private void handOver(Runnable afterHandOver) {
        if (adminServer == null || publicServer == null) {
            log.warn("asked to hand over while still starting; ignored");
            return;
        }
        log.info("handing over to the next onebox");
        adminServer.close();
        publicServer.handOver();
        log.info("handed over; stopping");
        afterHandOver.run();
    }

    private static CertificateSource certificateSource(Settings settings, Clock clock) {
        return switch (settings.tls()) {
            case SELF_SIGNED -> new DevCertificateAuthority(settings.certDir(), settings.domains(), clock);
            case FILES -> new PemFileSource(settings.tlsCertFile().orElseThrow(), settings.tlsKeyFile().orElseThrow(),
                    settings.domains(), clock);
            case ACME -> throw new IllegalArgumentException("ACME certificates come from AcmeWiring");
        };
    }

    private static ReadinessCheck certificateCheck(CertificateSource certificates, Clock clock) {
        return ReadinessCheck.of("certificate", () -> {
            Optional<CertifiedKey> current = certificates.current();
            if (current.isEmpty()) {
                return Optional.of("no certificate yet from " + certificates.describe());
            }
            if (!current.get().notAfter().isAfter(clock.instant())) {
                return Optional.of("certificate expired at " + current.get().notAfter());
            }
            return Optional.empty();
        });
    }

    private static TlsStatus tlsStatus(CertificateSource certificates, List<String> domains) {
        return certificates.current()
                .map(key -> {
                    var notAfter = new java.util.LinkedHashMap<String, java.time.Instant>();
                    domains.forEach(domain -> notAfter.put(domain, key.notAfter()));
                    return new TlsStatus(Map.copyOf(notAfter), Optional.empty());
                })
                .orElse(TlsStatus.NONE);
    }

    private void logWhereToFindUs(Settings settings, Database database, CertificateSource certificates) {
        String host = settings.domains().isEmpty() ? "localhost" : settings.domains().getFirst();
        String url = "https://" + host + ":" + publicServer.httpsPort();
        log.info("database: {}", database.describe());
        log.info("certificate: {}", certificates.describe());
        log.info("admin on http://{}:{}/ (healthz, readyz, metrics)", settings.adminBind(), adminServer.port());
        String caOption = certificates instanceof DevCertificateAuthority dev ? "--cacert " + dev.caFile() + " " : "";
        log.info("ready to try: curl {}{}/api/products", caOption, url);
    }

    public int httpsPort() {
        return publicServer.httpsPort();
    }

    /** 0 when the HTTP listener is off. */
    public int httpPort() {
        return publicServer.httpPort();
    }

    public int adminPort() {
        return adminServer.port();
    }

    private <T extends AutoCloseable> T own(T component) {
        started.push(component);
        return component;
    }

    /** Closes in reverse order of start; each component once, even when one fails. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        while (!started.isEmpty()) {
            AutoCloseable component = started.pop();
            try {
                component.close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", component.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
