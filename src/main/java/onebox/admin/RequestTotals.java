package onebox.admin;

import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.CollectorRegistry;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import onebox.observability.HttpMetrics;

/**
 * Cumulative request counts read from the duration histogram, summed over every label;
 * two readings ten seconds apart give that interval's rates and quantiles.
 */
record RequestTotals(double count, double errors, Map<Double, Double> buckets) {

    static final RequestTotals ZERO = new RequestTotals(0, 0, Map.of());

    static RequestTotals read(CollectorRegistry registry) {
        double count = 0;
        double errors = 0;
        TreeMap<Double, Double> buckets = new TreeMap<>();
        var families = Collections.list(registry.filteredMetricFamilySamples(
                name -> name.startsWith(HttpMetrics.DURATION)));
        for (MetricFamilySamples family : families) {
            for (MetricFamilySamples.Sample sample : family.samples) {
                if (sample.name.endsWith("_bucket")) {
                    double le = Double.parseDouble(label(sample, "le").replace("+Inf", "Infinity"));
                    buckets.merge(le, sample.value, Double::sum);
                } else if (sample.name.endsWith("_count")) {
                    count += sample.value;
                    if (label(sample, "status").startsWith("5")) {
                        errors += sample.value;
                    }
                }
            }
        }
        return new RequestTotals(count, errors, Collections.unmodifiableMap(buckets));
    }

    /**
     * The q-quantile in seconds of the requests between {@code earlier} and this reading,
     * interpolated inside the bucket as Prometheus's histogram_quantile does; NaN without traffic.
     */
    double quantileSince(RequestTotals earlier, double q) {
        double total = count - earlier.count;
        if (total <= 0) {
            return Double.NaN;
        }
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> bucket : new TreeMap<>(buckets).entrySet()) {
            double cumulative = bucket.getValue() - earlier.buckets.getOrDefault(bucket.getKey(), 0.0);
            if (cumulative >= rank) {
                if (bucket.getKey().isInfinite()) {
                    return lowerBound;
                }
                double inBucket = cumulative - lowerCount;
                double fraction = inBucket <= 0 ? 1 : (rank - lowerCount) / inBucket;
                return lowerBound + (bucket.getKey() - lowerBound) * fraction;
            }
            lowerBound = bucket.getKey();
            lowerCount = cumulative;
        }
        return lowerBound;
    }

    private static String label(MetricFamilySamples.Sample sample, String name) {
        int i = sample.labelNames.indexOf(name);
        return i < 0 ? "" : sample.labelValues.get(i);
    }
}
