package onebox.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;

/**
 * The public plain-HTTP listener: ACME HTTP-01 answers under
 * {@code /.well-known/acme-challenge/{token}}, and a 308 to the same path and query on
 * HTTPS for everything else.
 */
final class PlainHttp {

    static final String CHALLENGE_PREFIX = "/.well-known/acme-challenge/";
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,256}");
    // A DNS name, an IPv4 address or a bracketed IPv6 literal: nothing that could bend the Location.
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}]");
    private static final Pattern PORT_SUFFIX = Pattern.compile(":[0-9]{1,5}$");

    private PlainHttp() {}

    static HttpHandler handler(Function<String, Optional<String>> keyAuthorizations, IntSupplier httpsPort) {
        return ErrorMapper.guard(exchange -> {
            exchange.getResponseHeaders().put(Headers.X_CONTENT_TYPE_OPTIONS, "nosniff");
            String path = exchange.getRelativePath();
            if (path.startsWith(CHALLENGE_PREFIX)) {
                // Off the IO thread: with several instances the answer may come from the database.
                Blocking.of(e -> answerChallenge(e, path.substring(CHALLENGE_PREFIX.length()), keyAuthorizations))
                        .handleRequest(exchange);
            } else {
                redirect(exchange, httpsPort.getAsInt());
            }
        });
    }

    private static void answerChallenge(HttpServerExchange exchange, String token,
            Function<String, Optional<String>> keyAuthorizations) {
        if (!exchange.getRequestMethod().equals(Methods.GET) && !exchange.getRequestMethod().equals(Methods.HEAD)) {
            throw HttpProblem.methodNotAllowed(exchange.getRequestMethod().toString(), "GET, HEAD");
        }
        String keyAuthorization = Optional.of(token).filter(t -> TOKEN.matcher(t).matches())
                .flatMap(keyAuthorizations)
                .orElseThrow(() -> HttpProblem.notFound("no pending ACME challenge for this token"));
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/octet-stream");
        exchange.getResponseSender().send(keyAuthorization, StandardCharsets.US_ASCII);
    }

    private static void redirect(HttpServerExchange exchange, int httpsPort) {
        String hostHeader = exchange.getRequestHeaders().getFirst(Headers.HOST);
        String host = hostHeader == null ? "" : PORT_SUFFIX.matcher(hostHeader.strip()).replaceFirst("");
        if (!HOST.matcher(host).matches()) {
            throw HttpProblem.badRequest("a valid Host header is needed to redirect to HTTPS");
        }
        String query = exchange.getQueryString();
        String location = "https://" + host + (httpsPort == 443 ? "" : ":" + httpsPort)
                + exchange.getRequestPath() + (query == null || query.isEmpty() ? "" : "?" + query);
        exchange.setStatusCode(StatusCodes.PERMANENT_REDIRECT);
        exchange.getResponseHeaders().put(Headers.LOCATION, location);
        exchange.endExchange();
    }
}
