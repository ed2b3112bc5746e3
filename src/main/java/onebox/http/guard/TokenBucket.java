package onebox.http.guard;

import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket: {@code burst} tokens at most, refilled at {@code perSecond}; a request
 * takes one. Not thread-safe: {@link RateLimiter} guards it. Time is passed in, so tests
 * drive it with any clock.
 */
final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1e9;
    private static final double MICROS_PER_SECOND = 1e6;

    private final double perSecond;
    private final int burst;
    private double tokens;
    private Instant updated;

    TokenBucket(double perSecond, int burst, Instant now) {
        if (!(perSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("a token bucket needs a rate > 0 and a burst >= 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
        this.updated = now;
    }

    /** Takes a token: {@link Duration#ZERO} when one was there, else how long until one will be. */
    Duration take(Instant now) {
        refill(now);
        if (tokens >= 1) {
            tokens -= 1;
            return Duration.ZERO;
        }
        // Whole microseconds, rounded up, with a little slack for floating-point noise.
        double micros = (1 - tokens) / perSecond * MICROS_PER_SECOND;
        return Duration.ofNanos(1000 * (long) Math.ceil(micros - 1e-3));
    }

    /** A full bucket behaves exactly like a new one, so it can be forgotten. */
    boolean full(Instant now) {
        refill(now);
        return tokens >= burst;
    }

    private void refill(Instant now) {
        if (now.isAfter(updated)) {
            double seconds = Duration.between(updated, now).toNanos() / NANOS_PER_SECOND;
            tokens = Math.min(burst, tokens + seconds * perSecond);
            updated = now;
        }
    }
}
