package onebox.admin;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code POST /admin/handover}: the next onebox, started with the same settings and ready,
 * asks this one to give up its ports. Only from this machine (loopback), with an admin
 * token when tokens are set. The answer goes out first; then {@code handOver} runs once,
 * on its own thread, and releases this listener among other things.
 */
final class HandoverEndpoint implements HttpHandler {

    static final String PATH = "/admin/handover";

    private final Runnable handOver;
    private final AtomicBoolean requested = new AtomicBoolean();

    HandoverEndpoint(Runnable handOver) {
        this.handOver = handOver;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (!exchange.getRequestMethod().equals(Methods.POST)) {
            exchange.getResponseHeaders().put(Headers.ALLOW, "POST");
            Json.send(exchange, 405, Map.of("status", "method not allowed", "allow", "POST"));
            return;
        }
        if (!fromLoopback(exchange)) {
            Json.send(exchange, 403, Map.of("status", "hand-over is only accepted from this machine"));
            return;
        }
        if (requested.getAndSet(true)) {
            Json.send(exchange, 409, Map.of("status", "already handing over"));
            return;
        }
        exchange.addExchangeCompleteListener((done, next) -> {
            next.proceed();
            Thread.ofPlatform().name("onebox-handover").start(handOver);
        });
        Json.send(exchange, 202, Map.of("status", "handing over", "pid", ProcessHandle.current().pid()));
    }

    private static boolean fromLoopback(HttpServerExchange exchange) {
        InetSocketAddress source = exchange.getSourceAddress();
        return source != null && source.getAddress() != null && source.getAddress().isLoopbackAddress();
    }
}
