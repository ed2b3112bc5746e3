package onebox.http.guard;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.undertow.server.HttpHandler;
import java.time.Clock;
import onebox.config.Settings;

/**
 * What stands between the internet and the public routes, outermost first: framing and
 * header-size checks, the rate limit, then the write permission. Each refusal is an
 * {@link onebox.http.HttpProblem}, so it reaches the client as problem+json. (HSTS is
 * {@link onebox.http.HttpsPolicy#hsts}, around these.)
 */
public final class PublicGuards {

    private PublicGuards() {}

    /** Wraps {@code routes}; {@code onebox_rate_limited_total} is registered in {@code registry}. */
    public static HttpHandler wrap(HttpHandler routes, Settings settings, CollectorRegistry registry, Clock clock) {
        Counter limited = Counter.build("onebox_rate_limited_total",
                        "Requests refused with 429 because their client address was over ONEBOX_RATE_LIMIT.")
                .register(registry);
        var limiter = new RateLimiter(settings.rateLimit(), settings.rateBurst(), RateLimiter.DEFAULT_MAX_CLIENTS, clock);
        HttpHandler guarded = new WritePermission(settings.apiTokens(), routes);
        guarded = new RateLimit(limiter, limited::inc, guarded);
        return new RequestFraming(settings.limits(), guarded);
    }
}
