package onebox.admin;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.StringWriter;

/** /metrics in the Prometheus text format 0.0.4; collected on a worker thread. */
final class MetricsEndpoint implements HttpHandler {

    private final CollectorRegistry registry;

    MetricsEndpoint(CollectorRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this);
            return;
        }
        StringWriter text = new StringWriter(16_384);
        TextFormat.write004(text, registry.metricFamilySamples());
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, TextFormat.CONTENT_TYPE_004);
        exchange.getResponseSender().send(text.toString());
    }
}
