package onebox.observability;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.prometheus.PrometheusHistogramMetricsTrackerFactory;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Gauge;
import io.prometheus.client.hotspot.DefaultExports;
import io.undertow.server.HandlerWrapper;
import java.time.Duration;
import onebox.background.PeriodicTask;

/**
 * Every metric onebox exports, in its own registry (not the JVM-wide default, so tests and
 * several instances stay apart). The other components hook in here: the http layer wraps
 * its chain with {@link #httpWrapper}, the database calls {@link #instrumentPool} and
 * {@link #watchDatabase}, the repository times queries through {@link #queries}, the
 * certificate side feeds {@link #tls}.
 */
public final class Metrics implements AutoCloseable {

    public static final Duration DATABASE_REFRESH = Duration.ofSeconds(30);

    private final CollectorRegistry registry = new CollectorRegistry(true);
    private final BuildInfo build;
    private final HttpMetrics http;
    private final QueryMetrics queries;
    private final TlsMetrics tls;
    private final Duration databaseRefresh;
    private volatile DatabaseMetrics database;
    private final PeriodicTask databaseProbe = new PeriodicTask("onebox-db-metrics", () -> database.refresh());

    public Metrics(BuildInfo build, Duration databaseRefresh) {
        this.build = build;
        this.databaseRefresh = databaseRefresh;
        DefaultExports.register(registry);
        Gauge.build("onebox_build_info", "Build of the running onebox; the value is always 1.")
                .labelNames("version", "commit")
                .register(registry)
                .labels(build.version(), build.commit())
                .set(1);
        http = new HttpMetrics(registry);
        queries = new QueryMetrics(registry);
        tls = new TlsMetrics(registry);
    }

    public static Metrics create() {
        return new Metrics(BuildInfo.load(), DATABASE_REFRESH);
    }

    public CollectorRegistry registry() {
        return registry;
    }

    public BuildInfo build() {
        return build;
    }

    /** Request id, MDC, RED metrics and access log around the public handler chain. */
    public HandlerWrapper httpWrapper() {
        return next -> new ObservedHandler(next, http);
    }

    public QueryMetrics queries() {
        return queries;
    }

    public TlsMetrics tls() {
        return tls;
    }

    /**
     * HikariCP's own hikaricp_* metrics; works before or after the pool has started. Histograms,
     * not HikariCP's default summaries: those compute quantiles on every connection borrow,
     * a cost per request that showed in the profile, and cannot be aggregated across instances.
     */
    public void instrumentPool(HikariDataSource dataSource) {
        dataSource.setMetricsTrackerFactory(new PrometheusHistogramMetricsTrackerFactory(registry));
    }

    /** Starts the background probe behind onebox_db_*; call once. */
    public synchronized void watchDatabase(DatabaseProbe probe) {
        if (database != null) {
            throw new IllegalStateException("watchDatabase was already called");
        }
        database = new DatabaseMetrics(probe);
        database.register(registry);
        databaseProbe.start(Duration.ZERO, databaseRefresh);
    }

    public boolean watchingDatabase() {
        return database != null;
    }

    /** The last background probe's verdict; false before the first one. */
    public boolean databaseUp() {
        DatabaseMetrics current = database;
        return current != null && current.up();
    }

    @Override
    public void close() {
        databaseProbe.close();
    }
}
