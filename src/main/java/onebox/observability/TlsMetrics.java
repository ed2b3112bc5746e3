package onebox.observability;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.GaugeMetricFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Certificate expiry and ACME renewal metrics. The certificate side hands over a
 * {@link TlsStatus} supplier (read at scrape time, so it must be cheap) and reports each
 * renewal attempt with {@link #recordRenewal}.
 */
public final class TlsMetrics extends Collector {

    private final Counter renewals;
    private volatile Supplier<TlsStatus> status = () -> TlsStatus.NONE;

    TlsMetrics(CollectorRegistry registry) {
        renewals = Counter.build("onebox_acme_renewals_total", "ACME certificate renewal attempts.")
                .labelNames("result", "reason")
                .register(registry);
        register(registry);
    }

    public void watch(Supplier<TlsStatus> supplier) {
        status = Objects.requireNonNull(supplier, "supplier");
    }

    /**
     * One renewal attempt: result {@code success} or {@code failure}; reason a fixed word such
     * as {@code expiring}, {@code forced}, {@code rate_limited}, {@code challenge_failed}.
     */
    public void recordRenewal(String result, String reason) {
        renewals.labels(result, reason).inc();
    }

    public TlsStatus current() {
        TlsStatus now = status.get();
        return now == null ? TlsStatus.NONE : now;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        TlsStatus now = current();
        List<MetricFamilySamples> families = new ArrayList<>();
        GaugeMetricFamily notAfter = new GaugeMetricFamily("onebox_tls_certificate_not_after_seconds",
                "Expiry of the served certificate per domain, as a Unix time.", List.of("domain"));
        new TreeMap<>(now.notAfterByDomain()).forEach((domain, instant) ->
                notAfter.addMetric(List.of(domain), instant.getEpochSecond()));
        families.add(notAfter);
        now.nextRenewal().ifPresent(next -> families.add(new GaugeMetricFamily(
                "onebox_acme_next_renewal_seconds", "When the next ACME renewal is due, as a Unix time.",
                next.getEpochSecond())));
        return families;
    }
}
