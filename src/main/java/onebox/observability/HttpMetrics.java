package onebox.observability;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Gauge;
import io.prometheus.client.Histogram;

/** RED metrics of the public listener, labelled by route template, never by raw path. */
public final class HttpMetrics {

    public static final String DURATION = "http_server_request_duration_seconds";

    private static final double[] DURATION_BUCKETS = {
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
    };
    private static final double[] SIZE_BUCKETS = {
        0, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000
    };

    private final Histogram duration;
    private final Gauge active;
    private final Histogram requestSize;
    private final Histogram responseSize;

    public HttpMetrics(CollectorRegistry registry) {
        duration = Histogram.build(DURATION, "Time from request start to response end.")
                .labelNames("method", "route", "status")
                .buckets(DURATION_BUCKETS)
                .register(registry);
        active = Gauge.build("http_server_active_requests", "Requests being served right now.")
                .register(registry);
        requestSize = Histogram.build("http_server_request_size_bytes", "Size of request bodies.")
                .labelNames("method", "route")
                .buckets(SIZE_BUCKETS)
                .register(registry);
        responseSize = Histogram.build("http_server_response_size_bytes", "Size of response bodies.")
                .labelNames("method", "route")
                .buckets(SIZE_BUCKETS)
                .register(registry);
    }

    void started() {
        active.inc();
    }

    void finished(RequestRecord request) {
        active.dec();
        String status = Integer.toString(request.status());
        duration.labels(request.method(), request.route(), status).observe(request.durationSeconds());
        requestSize.labels(request.method(), request.route()).observe(request.bytesIn());
        responseSize.labels(request.method(), request.route()).observe(request.bytesOut());
    }
}
