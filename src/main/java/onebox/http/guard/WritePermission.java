package onebox.http.guard;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.util.Map;
import java.util.Set;
import onebox.config.Secret;
import onebox.http.HttpProblem;

/**
 * Who may write (POST, PUT, DELETE, PATCH): with API tokens configured, a request bearing
 * one of them; without, only loopback clients, so that a fresh install on a public machine
 * is never open for writing. Reads are public. Tokens are compared in constant time and
 * never appear in a response or a log line.
 */
final class WritePermission implements HttpHandler {

    private static final Set<HttpString> WRITES = Set.of(Methods.POST, Methods.PUT, Methods.DELETE, Methods.PATCH);
    static final String CHALLENGE = "Bearer realm=\"onebox\"";
    static final String NO_TOKENS = "writes from other machines need an API token, and none is configured: "
            + "put tokens in the file named by ONEBOX_API_TOKENS_FILE (or the api-tokens credential), one per line, "
            + "and send Authorization: Bearer <token>";

    private final Set<Secret> tokens;
    private final HttpHandler next;

    WritePermission(Set<Secret> tokens, HttpHandler next) {
        this.tokens = Set.copyOf(tokens);
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (WRITES.contains(exchange.getRequestMethod())) {
            check(exchange);
        }
        next.handleRequest(exchange);
    }

    private void check(HttpServerExchange exchange) {
        if (tokens.isEmpty()) {
            if (!Clients.address(exchange).isLoopbackAddress()) {
                throw new HttpProblem(StatusCodes.FORBIDDEN, NO_TOKENS);
            }
            return;
        }
        String token = Secret.bearerToken(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION))
                .orElseThrow(() -> new HttpProblem(StatusCodes.UNAUTHORIZED, "writes need Authorization: Bearer <API token>",
                        Map.of("WWW-Authenticate", CHALLENGE)));
        if (!Secret.anyMatches(tokens, token)) {
            throw new HttpProblem(StatusCodes.FORBIDDEN, "this API token is not allowed to write");
        }
    }
}
