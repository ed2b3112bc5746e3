package onebox.http.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import onebox.testing.MutableClock;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void bucketAllowsItsBurstThenOneRequestPerRefill() {
        var bucket = new TokenBucket(2, 3, clock.instant());
        for (int i = 0; i < 3; i++) {
            assertEquals(Duration.ZERO, bucket.take(clock.instant()), "request " + i);
        }
        assertEquals(Duration.ofMillis(500), bucket.take(clock.instant()));
        clock.advance(Duration.ofMillis(499));
        assertEquals(Duration.ofMillis(1), bucket.take(clock.instant()));
        clock.advance(Duration.ofMillis(1));
        assertEquals(Duration.ZERO, bucket.take(clock.instant()));
        assertEquals(Duration.ofMillis(500), bucket.take(clock.instant()));
    }

    @Test
    void bucketNeverHoldsMoreThanItsBurst() {
        var bucket = new TokenBucket(10, 2, clock.instant());
        clock.advance(Duration.ofHours(1));
        assertTrue(bucket.full(clock.instant()));
        assertEquals(Duration.ZERO, bucket.take(clock.instant()));
        assertEquals(Duration.ZERO, bucket.take(clock.instant()));
        assertEquals(Duration.ofMillis(100), bucket.take(clock.instant()));
    }

    @Test
    void clientsHaveTheirOwnBuckets() throws Exception {
        var limiter = new RateLimiter(1, 1, 100, clock);
        InetAddress first = InetAddress.getByName("192.0.2.1");
        assertEquals(Duration.ZERO, limiter.acquire(first));
        assertEquals(Duration.ofSeconds(1), limiter.acquire(first));
        assertEquals(Duration.ZERO, limiter.acquire(InetAddress.getByName("192.0.2.2")));
    }

    @Test
    void ipv6ClientsShareTheBucketOfTheirSlash64() throws Exception {
        var limiter = new RateLimiter(1, 1, 100, clock);
        assertEquals(Duration.ZERO, limiter.acquire(InetAddress.getByName("2001:db8:1:2::1")));
        assertEquals(Duration.ofSeconds(1), limiter.acquire(InetAddress.getByName("2001:db8:1:2::ffff")));
        assertEquals(Duration.ZERO, limiter.acquire(InetAddress.getByName("2001:db8:1:3::1")));
    }

    @Test
    void aFloodOfDistinctAddressesKeepsMemoryBounded() throws Exception {
        var limiter = new RateLimiter(1, 1, 1000, clock);
        for (int i = 0; i < 50_000; i++) {
            limiter.acquire(InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i}));
        }
        assertEquals(1000, limiter.trackedClients());
    }

    @Test
    void refilledBucketsAreForgotten() throws Exception {
        var limiter = new RateLimiter(10, 5, 1000, clock);
        for (int i = 0; i < 4; i++) {
            limiter.acquire(InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) i}));
        }
        clock.advance(Duration.ofSeconds(1));
        limiter.acquire(InetAddress.getByName("10.0.1.1"));
        assertEquals(1, limiter.trackedClients());
    }
}
