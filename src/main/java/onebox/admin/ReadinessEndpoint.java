package onebox.admin;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

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
        verdict.checks().forEach((name, problem) -> checks.put(name, viewOf(problem)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", verdict.ready() ? "ok" : "failing");
        body.put("checks", checks);
        Json.send(exchange, verdict.ready() ? 200 : 503, body);
    }

    private static Map<String, String> viewOf(Optional<String> problem) {
        Map<String, String> view = new LinkedHashMap<>();
        view.put("status", problem.isEmpty() ? "ok" : "failing");
        problem.ifPresent(why -> view.put("problem", why));
        return view;
    }
}
