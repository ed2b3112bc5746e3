package onebox.observability;

import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.PathHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for the public listener: real Undertow on loopback, wrapped by
 * {@link Metrics#httpWrapper()}, with a few routes that name themselves as the http layer's do.
 */
public final class FakePublicServer implements AutoCloseable {

    private final Undertow undertow;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public FakePublicServer(Metrics metrics) {
        HttpHandler routes = new PathHandler(exchange -> {
                    exchange.setStatusCode(404);
                    exchange.getResponseSender().send("not found");
                })
                .addPrefixPath("/api/products/", exchange -> {
                    Routes.name(exchange, "/api/products/{name}");
                    // Work on a worker thread, as the repository does: the MDC must follow.
                    exchange.dispatch(() -> answerFromWorker(exchange));
                })
                .addExactPath("/boom", exchange -> {
                    Routes.name(exchange, "/boom");
                    exchange.setStatusCode(500);
                    exchange.getResponseSender().send("broken");
                })
                .addExactPath("/echo", exchange -> {
                    Routes.name(exchange, "/echo");
                    exchange.getRequestReceiver().receiveFullBytes((ex, body) ->
                            ex.getResponseSender().send(Integer.toString(body.length)));
                })
                .addPrefixPath("/static/", exchange -> {
                    Routes.name(exchange, Routes.STATIC);
                    exchange.getResponseSender().send("file");
                });
        undertow = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setIoThreads(1)
                .setWorkerThreads(2)
                .setHandler(metrics.httpWrapper().wrap(routes))
                .build();
        undertow.start();
    }

    private static void answerFromWorker(HttpServerExchange exchange) {
        String requestId = org.slf4j.MDC.get(RequestIds.MDC_KEY);
        LoggerFactory.getLogger(FakePublicServer.class).info("serving a product");
        exchange.getResponseHeaders().put(io.undertow.util.HttpString.tryFromString("X-Seen-Request-Id"),
                requestId == null ? "none" : requestId);
        exchange.getResponseSender().send("{\"name\":\"x\",\"quantity\":1}");
    }

    public URI uri(String path) {
        int port = ((InetSocketAddress) undertow.getListenerInfo().getFirst().getAddress()).getPort();
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        undertow.stop();
        client.close();
    }
}
