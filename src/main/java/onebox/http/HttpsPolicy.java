package onebox.http;

import io.undertow.server.HttpHandler;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Handlers in front of the public HTTPS routes: HSTS for certificates browsers trust, and
 * a clear 503 while the ACME certificate is still pending (better than a TLS alert).
 */
public final class HttpsPolicy {

    /** One year, the minimum the HSTS preload list asks for; no includeSubDomains: other hosts are not ours. */
    static final String HSTS = "max-age=31536000";
    static final String PENDING_RETRY_AFTER_SECONDS = "10";
    private static final HttpString STRICT_TRANSPORT_SECURITY = new HttpString("Strict-Transport-Security");

    private HttpsPolicy() {}

    /** Adds {@code Strict-Transport-Security} to every response, errors included. */
    public static HttpHandler hsts(HttpHandler next) {
        return exchange -> {
            exchange.getResponseHeaders().put(STRICT_TRANSPORT_SECURITY, HSTS);
            next.handleRequest(exchange);
        };
    }

    /**
     * Answers 503 "certificate pending" with Retry-After until {@code certificateReady} says
     * yes; it is asked on every request, so it must be cheap (a volatile read).
     */
    public static HttpHandler untilCertificate(BooleanSupplier certificateReady, HttpHandler next) {
        return ErrorMapper.guard(exchange -> {
            if (!certificateReady.getAsBoolean()) {
                throw new HttpProblem(StatusCodes.SERVICE_UNAVAILABLE,
                        "certificate pending: onebox is still obtaining its certificate over ACME; try again shortly",
                        Map.of("Retry-After", PENDING_RETRY_AFTER_SECONDS));
            }
            next.handleRequest(exchange);
        });
    }
}
