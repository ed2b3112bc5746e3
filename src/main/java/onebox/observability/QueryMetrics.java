package onebox.observability;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Histogram;
import java.util.function.Supplier;

/**
 * Query duration by operation, for the repository to time its own calls:
 * {@code queries.time("product_get", () -> dsl.selectFrom(...).fetchOptional())}.
 * Operation names are a fixed set chosen by the caller, never derived from input.
 */
public final class QueryMetrics {

    private static final double[] BUCKETS = {
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
    };

    private final Histogram duration;

    public QueryMetrics(CollectorRegistry registry) {
        duration = Histogram.build("onebox_db_query_duration_seconds", "Time spent in database queries.")
                .labelNames("operation")
                .buckets(BUCKETS)
                .register(registry);
    }

    /** Runs the query and records how long it took, whether it returned or threw. */
    public <T> T time(String operation, Supplier<T> query) {
        long start = System.nanoTime();
        try {
            return query.get();
        } finally {
            observe(operation, System.nanoTime() - start);
        }
    }

    public void observe(String operation, long nanos) {
        duration.labels(operation).observe(nanos / 1e9);
    }
}
