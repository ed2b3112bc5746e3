package onebox.observability;

import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * onebox_db_up, onebox_db_size_bytes and onebox_db_connections{state} from a cache that
 * {@link #refresh} fills in the background: a scrape reads the cache and never queries
 * the database, however often Prometheus comes.
 */
final class DatabaseMetrics extends Collector {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseMetrics.class);
    /** pg_stat_activity's states, always exported so a series does not vanish at zero. */
    private static final List<String> STATES = List.of("active", "idle", "idle in transaction",
            "idle in transaction (aborted)", "fastpath function call", "disabled");

    private record Cached(boolean up, long sizeBytes, Map<String, Long> connections) {}

    private final DatabaseProbe probe;
    private final AtomicReference<Cached> cached = new AtomicReference<>(new Cached(false, -1, Map.of()));

    DatabaseMetrics(DatabaseProbe probe) {
        this.probe = probe;
    }

    /** Asks the database once; failures are logged and shown as onebox_db_up 0. */
    void refresh() {
        try {
            DatabaseProbe.Snapshot snapshot = probe.probe();
            cached.set(new Cached(true, snapshot.sizeBytes(), snapshot.connectionsByState()));
        } catch (Exception e) {
            if (cached.get().up()) {
                LOG.warn("database probe failed: {}", e.toString());
            }
            Cached last = cached.get();
            cached.set(new Cached(false, last.sizeBytes(), Map.of()));
        }
    }

    boolean up() {
        return cached.get().up();
    }

    @Override
    public List<MetricFamilySamples> collect() {
        Cached now = cached.get();
        List<MetricFamilySamples> families = new ArrayList<>();
        families.add(new GaugeMetricFamily("onebox_db_up",
                "1 when the last background probe of the database succeeded.", now.up() ? 1 : 0));
        if (now.sizeBytes() >= 0) {
            families.add(new GaugeMetricFamily("onebox_db_size_bytes",
                    "Size of the database on disk (pg_database_size), refreshed in the background.",
                    now.sizeBytes()));
        }
        GaugeMetricFamily connections = new GaugeMetricFamily("onebox_db_connections",
                "Server connections to this database by pg_stat_activity state.", List.of("state"));
        Map<String, Long> byState = new TreeMap<>(now.connections());
        STATES.forEach(state -> byState.putIfAbsent(state, 0L));
        byState.forEach((state, count) -> connections.addMetric(List.of(state), count));
        families.add(connections);
        return families;
    }
}
