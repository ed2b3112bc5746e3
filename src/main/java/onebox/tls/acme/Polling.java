package onebox.tls.acme;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.shredzone.acme4j.PollableResource;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.exception.AcmeException;

/**
 * Polls a challenge or order until it reaches one of the given states. acme4j's own wait
 * sleeps 3 s when the CA sends no Retry-After, which triples the time to the first
 * certificate; this starts at 100 ms and doubles up to 3 s, and waits as long as the CA's
 * Retry-After says whenever it sends one.
 */
final class Polling {

    private static final Duration FIRST = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofSeconds(3);

    private Polling() {}

    static Status await(PollableResource resource, Set<Status> states, Duration timeout)
            throws AcmeException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Duration pause = FIRST;
        Optional<Instant> retryAfter = resource.fetch();
        while (!states.contains(resource.getStatus())) {
            Instant now = Instant.now();
            if (now.isAfter(deadline)) {
                throw new AcmeException("still " + resource.getStatus() + " after " + timeout);
            }
            Duration wait = retryAfter.map(at -> Duration.between(now, at)).filter(d -> !d.isNegative()).orElse(pause);
            TimeUnit.MILLISECONDS.sleep(Math.min(wait.toMillis(), Duration.between(now, deadline).toMillis() + 1));
            pause = pause.multipliedBy(2).compareTo(MAX) > 0 ? MAX : pause.multipliedBy(2);
            retryAfter = resource.fetch();
        }
        return resource.getStatus();
    }
}
