package onebox.db;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
    private final SplittableRandom random = new SplittableRandom(42);

    @Test
    void delaysDoubleWithJitterBetweenHalfAndAll() {
        for (int attempt = 1; attempt <= 6; attempt++) {
            long ceiling = 500L << (attempt - 1);
            for (int i = 0; i < 100; i++) {
                long delay = backoff.delay(attempt, random).toMillis();
                assertTrue(delay >= ceiling / 2 && delay <= ceiling, "attempt " + attempt + ": " + delay);
            }
        }
    }

    @Test
    void delaysAreCappedEvenAfterManyAttempts() {
        for (int attempt : new int[] {7, 30, 31, 64, Integer.MAX_VALUE}) {
            long delay = backoff.delay(attempt, random).toMillis();
            assertTrue(delay >= 15_000 && delay <= 30_000, "attempt " + attempt + ": " + delay);
        }
    }

    @Test
    void jitterSpreadsInstancesApart() {
        long distinct = IntStream.range(0, 50)
                .mapToLong(i -> backoff.delay(5, random).toMillis())
                .distinct()
                .count();

        assertTrue(distinct > 40, "only " + distinct + " distinct delays in 50");
    }
}
