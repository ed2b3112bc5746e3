package onebox.admin;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.Map;
import java.util.Set;
import onebox.config.Secret;

/** Lets a request through only with {@code Authorization: Bearer <one of the tokens>}. */
final class BearerAuth implements HttpHandler {

    private final Set<Secret> tokens;
    private final HttpHandler next;

    BearerAuth(Set<Secret> tokens, HttpHandler next) {
        this.tokens = Set.copyOf(tokens);
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (isAuthorized(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION))) {
            next.handleRequest(exchange);
            return;
        }
        exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer realm=\"onebox-admin\"");
        Json.send(exchange, 401, Map.of("status", "unauthorized",
                "detail", "this admin path needs Authorization: Bearer <admin token>"));
    }

    private boolean isAuthorized(String header) {
        return Secret.bearerToken(header).filter(candidate -> Secret.anyMatches(tokens, candidate)).isPresent();
    }
}
