package onebox.db;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with "equal jitter": attempt n waits between half and all of
 * {@code initial * 2^(n-1)}, capped at {@code max}, so that many instances started
 * together do not knock on the database in step.
 */
record Backoff(Duration initial, Duration max) {

    static final Backoff DEFAULT = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

    Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + ", " + max);
        }
    }

    /** The wait before retry number {@code attempt} (1 = the first retry). */
    Duration delay(int attempt, RandomGenerator random) {
        long ceiling = max.toMillis();
        long exponential = initial.toMillis() << Math.min(attempt - 1, 30);
        long capped = exponential <= 0 ? ceiling : Math.min(exponential, ceiling);
        long half = capped / 2;
        return Duration.ofMillis(half + random.nextLong(capped - half + 1));
    }
}
