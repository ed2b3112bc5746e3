package onebox.admin;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.LinkedHashMap;
import java.util.Map;

/** /readyz and /__heartbeat__: 200 when every check passes, else 503 naming what fails. */
final class ReadinessEndpoint implements HttpHandler {

    private final Readiness readiness;

    ReadinessEndpoint(Readiness readiness) {
        this.readiness = readiness;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this);
            return;
        }
        Readiness.Verdict verdict = readiness.evaluate();
        Map<String, Object> checks = new LinkedHashMap<>();
        verdict.checks().forEach((name, problem) -> checks.put(name, problem
                .<Map<String, String>>map(why -> Map.of("status", "failing", "problem", why))
                .orElse(Map.of("status", "ok"))));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", verdict.ready() ? "ok" : "failing");
        body.put("checks", checks);
        Json.send(exchange, verdict.ready() ? 200 : 503, body);
    }
}
