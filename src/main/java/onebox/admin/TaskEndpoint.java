package onebox.admin;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code POST /tasks/{name}}: runs the task off the IO thread and answers its JSON, or 500 with the reason. */
final class TaskEndpoint implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(TaskEndpoint.class);

    private final AdminTask task;

    TaskEndpoint(AdminTask task) {
        this.task = task;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (!exchange.getRequestMethod().equals(Methods.POST)) {
            exchange.getResponseHeaders().put(Headers.ALLOW, "POST");
            Json.send(exchange, 405, Map.of("status", "method not allowed", "detail", task.path() + " takes POST"));
            return;
        }
        if (exchange.isInIoThread()) {
            exchange.dispatch(this);
            return;
        }
        LOG.info("admin task {} started", task.name());
        try {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("task", task.name());
            body.put("status", "ok");
            body.putAll(task.action().run());
            Json.send(exchange, 200, body);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("admin task {} failed: {}", task.name(), e.toString());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("task", task.name());
            body.put("status", "failed");
            body.put("detail", String.valueOf(e.getMessage()));
            Json.send(exchange, 500, body);
        }
    }
}
