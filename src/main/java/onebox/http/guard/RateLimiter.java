package onebox.http.guard;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One token bucket per client. IPv6 clients are keyed by their /64, the block one host
 * usually owns, so hopping addresses inside it buys nothing. Memory is bounded: buckets
 * that have refilled are forgotten (they equal a new one), and beyond {@code maxClients}
 * the least recently seen client is dropped, so a flood of distinct addresses costs a
 * fixed amount of memory and at worst hands the oldest of them a fresh bucket.
 */
public final class RateLimiter {

    public static final int DEFAULT_MAX_CLIENTS = 100_000;
    /** How many expired buckets one call may sweep, so that no request pays for many. */
    private static final int SWEEP_PER_CALL = 4;

    private final double perSecond;
    private final int burst;
    private final Clock clock;
    private final LinkedHashMap<Key, TokenBucket> buckets;

    public RateLimiter(double perSecond, int burst, int maxClients, Clock clock) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.clock = clock;
        this.buckets = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, TokenBucket> eldest) {
                return size() > maxClients;
            }
        };
    }

    /** {@link Duration#ZERO} when {@code client} may go ahead, else how long it should wait. */
    public synchronized Duration acquire(InetAddress client) {
        Instant now = clock.instant();
        sweep(now);
        return buckets.computeIfAbsent(Key.of(client), key -> new TokenBucket(perSecond, burst, now)).take(now);
    }

    synchronized int trackedClients() {
        return buckets.size();
    }

    /** Least recently seen first: stop at the first bucket still in use. */
    private void sweep(Instant now) {
        Iterator<TokenBucket> oldest = buckets.values().iterator();
        for (int i = 0; i < SWEEP_PER_CALL && oldest.hasNext(); i++) {
            if (!oldest.next().full(now)) {
                return;
            }
            oldest.remove();
        }
    }

    /** The address bytes, cut to the /64 for IPv6. */
    private record Key(byte[] bytes) {
        static Key of(InetAddress address) {
            byte[] raw = address.getAddress();
            return new Key(address instanceof Inet6Address ? Arrays.copyOf(raw, 8) : raw);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Arrays.equals(bytes, key.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return Arrays.toString(bytes);
        }
    }
}
