package onebox.admin;

import io.prometheus.client.CollectorRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import onebox.background.PeriodicTask;
import onebox.observability.Metrics;

/**
 * Samples the metrics every ten seconds into a {@link RollingWindow}, so the status page
 * has an hour of history without any Prometheus.
 */
public final class StatusSampler implements AutoCloseable {

    public static final Duration INTERVAL = Duration.ofSeconds(10);
    public static final int SAMPLES = 360;

    private final Metrics metrics;
    private final Clock clock;
    private final RollingWindow window = new RollingWindow(SAMPLES);
    private final PeriodicTask sampler = new PeriodicTask("onebox-status-sampler", this::sampleNow);
    private RequestTotals previous;
    private Instant previousTime;

    public StatusSampler(Metrics metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
        this.previous = RequestTotals.read(metrics.registry());
        this.previousTime = clock.instant();
    }

    public void start() {
        sampler.start(INTERVAL);
    }

    public RollingWindow window() {
        return window;
    }

    /** Takes one sample covering the time since the previous one. */
    public synchronized StatusSample sampleNow() {
        Instant now = clock.instant();
        RequestTotals totals = RequestTotals.read(metrics.registry());
        double seconds = Math.max(0.001, Duration.between(previousTime, now).toMillis() / 1000.0);
        StatusSample sample = new StatusSample(
                now.toEpochMilli(),
                (totals.count() - previous.count()) / seconds,
                (totals.errors() - previous.errors()) / seconds,
                totals.quantileSince(previous, 0.5) * 1000,
                totals.quantileSince(previous, 0.99) * 1000,
                sum(metrics.registry(), "hikaricp_active_connections"),
                sum(metrics.registry(), "hikaricp_max_connections"),
                certificateDaysLeft(now));
        previous = totals;
        previousTime = now;
        window.add(sample);
        return sample;
    }

    private double certificateDaysLeft(Instant now) {
        return metrics.tls().current().earliestNotAfter()
                .map(notAfter -> Duration.between(now, notAfter).toSeconds() / 86_400.0)
                .orElse(Double.NaN);
    }

    /** Sum of a gauge over its labels (one pool, usually); NaN when absent. */
    private static double sum(CollectorRegistry registry, String sampleName) {
        double total = Double.NaN;
        for (var family : Collections.list(registry.filteredMetricFamilySamples(sampleName::equals))) {
            for (var sample : family.samples) {
                if (sample.name.equals(sampleName)) {
                    total = Double.isNaN(total) ? sample.value : total + sample.value;
                }
            }
        }
        return total;
    }

    @Override
    public void close() {
        sampler.close();
    }
}
