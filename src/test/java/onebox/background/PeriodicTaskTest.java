package onebox.background;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PeriodicTaskTest {

    @Test
    void aFailingRunDoesNotStopTheSchedule() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        try (PeriodicTask task = new PeriodicTask("test-task", () -> {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("first run fails");
            }
        })) {
            task.start(Duration.ofMillis(20));
            Instant deadline = Instant.now().plusSeconds(10);
            while (runs.get() < 3 && Instant.now().isBefore(deadline)) {
                Thread.sleep(10);
            }
            assertTrue(runs.get() >= 3, "runs after the failure: " + runs.get());
        }
    }
}
