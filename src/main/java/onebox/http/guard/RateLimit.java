package onebox.http.guard;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import onebox.http.HttpProblem;

/**
 * Answers 429 with {@code Retry-After} to a client over its rate; loopback clients (the
 * machine itself: health checks, local scripts) are never limited.
 */
final class RateLimit implements HttpHandler {

    private final RateLimiter limiter;
    private final Runnable onLimited;
    private final HttpHandler next;

    RateLimit(RateLimiter limiter, Runnable onLimited, HttpHandler next) {
        this.limiter = limiter;
        this.onLimited = onLimited;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        InetAddress client = Clients.address(exchange);
        if (!client.isLoopbackAddress()) {
            Duration wait = limiter.acquire(client);
            if (!wait.isZero()) {
                onLimited.run();
                long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
                throw new HttpProblem(StatusCodes.TOO_MANY_REQUESTS,
                        "too many requests from this address; retry in " + seconds + " s",
                        Map.of("Retry-After", Long.toString(seconds)));
            }
        }
        next.handleRequest(exchange);
    }
}
