package onebox.http.guard;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/**
 * HSTS on every HTTPS response, errors included, once the certificate is one browsers trust
 * (files or ACME). Never with the dev CA: a browser would then refuse plain HTTP to
 * localhost for a year.
 */
final class StrictTransport implements HttpHandler {

    static final String VALUE = "max-age=31536000";

    private final HttpHandler next;

    StrictTransport(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.getResponseHeaders().put(Headers.STRICT_TRANSPORT_SECURITY, VALUE);
        next.handleRequest(exchange);
    }
}
