package onebox;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import onebox.admin.AdminServer;
import onebox.admin.ReadinessCheck;
import onebox.config.Settings;
import onebox.db.Database;
import onebox.http.PublicRoutes;
import onebox.http.PublicServer;
import onebox.http.StaticFiles;
import onebox.http.guard.PublicGuards;
import onebox.observability.Metrics;
import onebox.observability.PostgresProbe;
import onebox.observability.TlsStatus;
import onebox.products.JooqProductRepository;
import onebox.tls.CertificateSource;
import onebox.tls.CertifiedKey;
import onebox.tls.DevCertificateAuthority;
import onebox.tls.PemFileSource;
import onebox.tls.SelfSigned;
import onebox.tls.SwappableKeyManager;
import onebox.tls.TlsPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that wires onebox together: metrics, database, certificates, the admin
 * listener, then the public listeners. Components start in that order and close in
 * reverse, once; a failure half-way closes what had started.
 */
public final class App implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(App.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private PublicServer publicServer;
    private AdminServer adminServer;

    private App() {}

    /** Starts every component; returns once the listeners accept connections. */
    public static App start(Settings settings) throws Exception {
        App app = new App();
        try {
            app.startAll(settings, Clock.systemUTC());
        } catch (Exception | Error e) {
            app.close();
            throw e;
        }
        return app;
    }

    private void startAll(Settings settings, Clock clock) throws Exception {
        Metrics metrics = own(Metrics.create());
        Database database = own(Database.open(settings));
        if (database.dataSource() instanceof HikariDataSource pool) {
            metrics.instrumentPool(pool);
        }
        metrics.watchDatabase(new PostgresProbe(database.dataSource()));

        CertificateSource certificates = own(certificateSource(settings, clock));
        var keyManager = new SwappableKeyManager(SelfSigned.placeholder(settings.domains()));
        certificates.start(keyManager);
        metrics.tls().watch(() -> tlsStatus(certificates, settings.domains()));

        List<ReadinessCheck> checks = new ArrayList<>(database.readinessChecks());
        checks.add(certificateCheck(certificates, clock));
        adminServer = own(AdminServer.start(AdminServer.Config.from(settings), metrics, () -> checks, clock));

        StaticFiles files = own(StaticFiles.from(settings.staticDir()));
        Function<String, Optional<String>> acmeChallenges = token -> Optional.empty();
        publicServer = own(PublicServer.start(PublicServer.Config.from(settings),
                TlsPolicy.serverContext(keyManager),
                PublicGuards.wrap(PublicRoutes.handler(new JooqProductRepository(database.dsl()), files), settings,
                        metrics.registry(), clock),
                metrics.httpWrapper(),
                acmeChallenges));

        logWhereToFindUs(settings, database, certificates);
    }

    private static CertificateSource certificateSource(Settings settings, Clock clock) {
        return switch (settings.tls()) {
            case SELF_SIGNED -> new DevCertificateAuthority(settings.certDir(), settings.domains(), clock);
            case FILES -> new PemFileSource(settings.tlsCertFile().orElseThrow(), settings.tlsKeyFile().orElseThrow(),
                    settings.domains(), clock);
            case ACME -> throw new IllegalStateException("ONEBOX_TLS=acme is not available in this build");
        };
    }

    private static ReadinessCheck certificateCheck(CertificateSource certificates, Clock clock) {
        return new ReadinessCheck() {
            @Override
            public String name() {
                return "certificate";
            }

            @Override
            public Optional<String> problem() {
                Optional<CertifiedKey> current = certificates.current();
                if (current.isEmpty()) {
                    return Optional.of("no certificate yet from " + certificates.describe());
                }
                if (!current.get().notAfter().isAfter(clock.instant())) {
                    return Optional.of("certificate expired at " + current.get().notAfter());
                }
                return Optional.empty();
            }
        };
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
