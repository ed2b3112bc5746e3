package onebox.tls.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The renewal arithmetic with a fixed clock and a fixed "random" value: no sleeping. */
class RenewalScheduleTest {

    private static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");

    /** A generator whose nextDouble() is always {@code value}. */
    private static RandomGenerator fixed(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }

    private static RenewalSchedule at(Instant now, double random) {
        return new RenewalSchedule(Clock.fixed(now, ZoneOffset.UTC), fixed(random));
    }

    @Test
    void ninetyDayCertificateRenewsWhenAThirdRemainsMinusJitter() {
        Instant notAfter = ISSUED.plus(Duration.ofDays(90));
        assertEquals(ISSUED.plus(Duration.ofDays(60)), at(ISSUED, 1.0).renewalTime(ISSUED, notAfter, Optional.empty()));
        assertEquals(ISSUED.plus(Duration.ofDays(57)), at(ISSUED, 0.0).renewalTime(ISSUED, notAfter, Optional.empty()));
    }

    @Test
    void shortLivedCertificateIsCheckedEverySecondsAndLongOneHourly() {
        RenewalSchedule schedule = at(ISSUED, 0.5);
        assertEquals(Duration.ofMillis(2400), schedule.checkInterval(ISSUED, ISSUED.plusSeconds(120)));
        assertEquals(Duration.ofHours(1), schedule.checkInterval(ISSUED, ISSUED.plus(Duration.ofDays(90))));
        assertEquals(Duration.ofSeconds(1), schedule.checkInterval(ISSUED, ISSUED.plusSeconds(10)));
    }

    @Test
    void nextCheckIsTheRenewalTimeWhenItComesFirst() {
        Instant notAfter = ISSUED.plusSeconds(120);
        RenewalSchedule schedule = at(ISSUED.plusSeconds(79), 0.5);
        assertEquals(ISSUED.plusSeconds(80), schedule.nextCheck(ISSUED, notAfter, ISSUED.plusSeconds(80)));
        assertEquals(ISSUED.plusSeconds(79).plusMillis(2400), schedule.nextCheck(ISSUED, notAfter, ISSUED.plusSeconds(100)));
    }

    @Test
    void caWindowIsFollowedWithJitter() {
        Instant notAfter = ISSUED.plus(Duration.ofDays(90));
        var window = new RenewalSchedule.Window(ISSUED.plus(Duration.ofDays(30)), ISSUED.plus(Duration.ofDays(32)));
        assertEquals(ISSUED.plus(Duration.ofDays(31)), at(ISSUED, 0.5).renewalTime(ISSUED, notAfter, Optional.of(window)));
    }

    @Test
    void lateCaWindowIsCappedWhenATwentiethRemains() {
        Instant notAfter = ISSUED.plus(Duration.ofDays(100));
        var window = new RenewalSchedule.Window(ISSUED.plus(Duration.ofDays(98)), ISSUED.plus(Duration.ofDays(99)));
        assertEquals(ISSUED.plus(Duration.ofDays(95)), at(ISSUED, 0.5).renewalTime(ISSUED, notAfter, Optional.of(window)));
    }

    @Test
    void dueOnlyFromTheRenewalTime() {
        Instant renewAt = ISSUED.plusSeconds(80);
        assertFalse(at(ISSUED.plusSeconds(79), 0.5).due(renewAt));
        assertTrue(at(ISSUED.plusSeconds(80), 0.5).due(renewAt));
    }

    @Test
    void failuresBackOffExponentiallyWithJitterUpToATenthOfTheLifetime() {
        RenewalSchedule schedule = at(ISSUED, 1.0);
        Optional<Duration> lifetime = Optional.of(Duration.ofDays(90));
        assertEquals(ISSUED.plusSeconds(1), schedule.retryTime(1, Optional.empty(), lifetime));
        assertEquals(ISSUED.plusSeconds(8), schedule.retryTime(4, Optional.empty(), lifetime));
        assertEquals(ISSUED.plus(Duration.ofHours(1)), schedule.retryTime(40, Optional.empty(), lifetime));
        assertEquals(ISSUED.plusSeconds(12), schedule.retryTime(40, Optional.empty(), Optional.of(Duration.ofSeconds(120))));
        assertEquals(ISSUED.plusSeconds(4), at(ISSUED, 0.0).retryTime(4, Optional.empty(), lifetime));
    }

    @Test
    void withoutCertificateBackoffStopsGrowingAtFiveMinutes() {
        assertEquals(ISSUED.plus(Duration.ofMinutes(5)), at(ISSUED, 1.0).retryTime(20, Optional.empty(), Optional.empty()));
    }

    @Test
    void retryAfterFromTheCaIsHonoured() {
        Instant retryAfter = ISSUED.plus(Duration.ofHours(3));
        assertEquals(retryAfter, at(ISSUED, 1.0).retryTime(1, Optional.of(retryAfter), Optional.of(Duration.ofDays(90))));
        assertEquals(ISSUED.plusSeconds(1), at(ISSUED, 1.0).retryTime(1, Optional.of(ISSUED), Optional.of(Duration.ofDays(90))));
    }
}
