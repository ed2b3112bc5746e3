package onebox.tls.acme;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to renew, when to look again, and how long to back off: pure arithmetic on the
 * certificate's own lifetime, so a 120-second certificate is watched as closely, relative
 * to its life, as a 90-day one. Time comes from the injected clock.
 */
public final class RenewalSchedule {

    static final Duration MIN_CHECK = Duration.ofSeconds(1);
    static final Duration MAX_CHECK = Duration.ofHours(1);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF_WITHOUT_CERTIFICATE = Duration.ofMinutes(5);

    /** The renewal window a CA suggests through ACME Renewal Information (RFC 9773). */
    public record Window(Instant start, Instant end) {}

    private final Clock clock;
    private final RandomGenerator random;

    public RenewalSchedule(Clock clock, RandomGenerator random) {
        this.clock = clock;
        this.random = random;
    }

    /**
     * The moment to renew. With a CA window: a random point inside it (RFC 9773 asks clients
     * to spread out), else when a third of the lifetime remains, minus up to a thirtieth of
     * jitter. Never later than when only a twentieth remains, whatever the CA says.
     */
    public Instant renewalTime(Instant notBefore, Instant notAfter, Optional<Window> caWindow) {
        Duration lifetime = Duration.between(notBefore, notAfter);
        Instant lastChance = notAfter.minus(lifetime.dividedBy(20));
        Instant chosen = caWindow
                .map(w -> pointIn(w.start(), w.end()))
                .orElseGet(() -> pointIn(notAfter.minus(lifetime.dividedBy(3)).minus(lifetime.dividedBy(30)),
                        notAfter.minus(lifetime.dividedBy(3))));
        return chosen.isAfter(lastChance) ? lastChance : chosen;
    }

    /** How often to look at a certificate: a fiftieth of its life, between 1 s and 1 h. */
    public Duration checkInterval(Instant notBefore, Instant notAfter) {
        return clamp(Duration.between(notBefore, notAfter).dividedBy(50), MIN_CHECK, MAX_CHECK);
    }

    /** The next check: the renewal time itself, or one check interval from now if that comes first. */
    public Instant nextCheck(Instant notBefore, Instant notAfter, Instant renewAt) {
        Instant regular = clock.instant().plus(checkInterval(notBefore, notAfter));
        return renewAt.isBefore(regular) ? renewAt : regular;
    }

    public boolean due(Instant renewAt) {
        return !clock.instant().isBefore(renewAt);
    }

    /**
     * When to try again after {@code failures} consecutive failures: exponential from 1 s with
     * jitter, capped at a tenth of the certificate's lifetime (5 min while there is none),
     * and never before the CA's Retry-After.
     */
    public Instant retryTime(int failures, Optional<Instant> retryAfter, Optional<Duration> lifetime) {
        Duration cap = lifetime.map(l -> clamp(l.dividedBy(10), Duration.ofSeconds(2), MAX_CHECK))
                .orElse(MAX_BACKOFF_WITHOUT_CERTIFICATE);
        int doublings = Math.min(Math.max(failures - 1, 0), 30);
        Duration exponential = FIRST_BACKOFF.multipliedBy(1L << doublings);
        Duration capped = exponential.compareTo(cap) > 0 ? cap : exponential;
        long millis = capped.toMillis();
        Duration jittered = Duration.ofMillis(millis / 2 + (long) (random.nextDouble() * (millis / 2.0)));
        Instant backoff = clock.instant().plus(jittered);
        return retryAfter.filter(backoff::isBefore).orElse(backoff);
    }

    private Instant pointIn(Instant start, Instant end) {
        if (!end.isAfter(start)) {
            return start;
        }
        long span = Duration.between(start, end).toMillis();
        return start.plusMillis((long) (random.nextDouble() * span));
    }

    private static Duration clamp(Duration value, Duration min, Duration max) {
        return value.compareTo(min) < 0 ? min : value.compareTo(max) > 0 ? max : value;
    }
}
