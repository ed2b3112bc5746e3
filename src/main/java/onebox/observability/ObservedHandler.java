package onebox.observability;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.SSLSessionInfo;
import io.undertow.util.HttpString;
import io.undertow.util.Protocols;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.MDC;

/**
 * Wraps the public chain: request id in, out and in the MDC; metrics; one access-log line.
 * Undertow moves an exchange between IO and worker threads, so the MDC is set around this
 * call and around every task dispatched to the worker, and cleared after each.
 */
final class ObservedHandler implements HttpHandler {

    private static final HttpString REQUEST_ID = new HttpString(RequestIds.HEADER);
    private static final Set<String> KNOWN_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

    private final HttpHandler next;
    private final HttpMetrics metrics;

    ObservedHandler(HttpHandler next, HttpMetrics metrics) {
        this.next = next;
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        long start = System.nanoTime();
        String id = RequestIds.acceptOrGenerate(exchange.getRequestHeaders().getFirst(REQUEST_ID));
        exchange.getResponseHeaders().put(REQUEST_ID, id);
        exchange.putAttachment(RequestIds.ATTACHMENT, id);
        exchange.setDispatchExecutor(withRequestId(id, dispatchExecutorOf(exchange)));
        LongAdder bytesIn = new LongAdder();
        exchange.addRequestWrapper((factory, ex) -> new CountingSourceConduit(factory.create(), bytesIn));
        metrics.started();
        exchange.addExchangeCompleteListener((done, nextListener) -> {
            try {
                RequestRecord record = recordOf(done, id, start, bytesIn.sum());
                metrics.finished(record);
                AccessLog.write(record);
            } finally {
                nextListener.proceed();
            }
        });
        MDC.put(RequestIds.MDC_KEY, id);
        try {
            next.handleRequest(exchange);
        } finally {
            MDC.remove(RequestIds.MDC_KEY);
        }
    }

    private static Executor dispatchExecutorOf(HttpServerExchange exchange) {
        Executor executor = exchange.getDispatchExecutor();
        return executor != null ? executor : exchange.getConnection().getWorker();
    }

    private static Executor withRequestId(String id, Executor delegate) {
        return task -> delegate.execute(RequestIds.withMdc(id, task));
    }

    private static RequestRecord recordOf(HttpServerExchange exchange, String id, long start, long bytesIn) {
        return new RequestRecord(
                id,
                methodLabel(exchange.getRequestMethod().toString()),
                Routes.of(exchange),
                exchange.getRequestPath(),
                exchange.getStatusCode(),
                System.nanoTime() - start,
                bytesIn,
                exchange.getResponseBytesSent(),
                clientOf(exchange),
                exchange.getProtocol().equals(Protocols.HTTP_2_0) ? "h2" : "h1",
                tlsVersionOf(exchange));
    }

    /** Unknown methods share one label value, so they cannot grow the label set either. */
    static String methodLabel(String method) {
        return KNOWN_METHODS.contains(method) ? method : "other";
    }

    private static String clientOf(HttpServerExchange exchange) {
        InetSocketAddress source = exchange.getSourceAddress();
        return source == null || source.getAddress() == null ? "-" : source.getAddress().getHostAddress();
    }

    private static String tlsVersionOf(HttpServerExchange exchange) {
        SSLSessionInfo ssl = exchange.getConnection().getSslSessionInfo();
        return ssl == null || ssl.getSSLSession() == null ? "none" : ssl.getSSLSession().getProtocol();
    }
}
