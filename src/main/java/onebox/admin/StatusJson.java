package onebox.admin;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import onebox.observability.Metrics;

/** /status.json: the rolling window behind the status page's charts. */
final class StatusJson implements HttpHandler {

    private final StatusSampler sampler;
    private final Metrics metrics;

    StatusJson(StatusSampler sampler, Metrics metrics) {
        this.sampler = sampler;
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("interval_seconds", StatusSampler.INTERVAL.toSeconds());
        body.put("capacity", sampler.window().capacity());
        body.put("version", metrics.build().version());
        body.put("commit", metrics.build().commit());
        body.put("database_up", metrics.watchingDatabase() ? metrics.databaseUp() : null);
        body.put("samples", sampler.window().snapshot().stream().map(StatusJson::row).toList());
        Json.send(exchange, 200, body);
    }

    /** Compact rows; NaN (no data) becomes null, which JSON can carry. */
    private static List<Object> row(StatusSample s) {
        return java.util.Arrays.asList(s.epochMillis(), number(s.requestsPerSecond()), number(s.errorsPerSecond()),
                number(s.p50Millis()), number(s.p99Millis()), number(s.poolActive()), number(s.poolMax()),
                number(s.certificateDaysLeft()));
    }

    private static Double number(double value) {
        return Double.isFinite(value) ? Math.round(value * 1000) / 1000.0 : null;
    }
}
