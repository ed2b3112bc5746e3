package onebox.tls.acme;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What the metrics and the status page read about ACME, a snapshot.
 *
 * @param notAfter expiry of the served certificate per domain (empty map: none yet)
 * @param attempts issuance attempts by "result/reason", e.g. "success/renewal", "failure/ca-unreachable"
 * @param nextRenewal when the served certificate is due for renewal (empty: none served yet)
 * @param nextCheck when the renewal thread looks next
 * @param lastFailure the latest failure, cleared by a success
 */
public record AcmeStatus(
        URI directory,
        Map<String, Instant> notAfter,
        Map<String, Long> attempts,
        Optional<Instant> nextRenewal,
        Optional<Instant> nextCheck,
        int consecutiveFailures,
        Optional<String> lastFailure) {

    public AcmeStatus {
        notAfter = Map.copyOf(notAfter);
        attempts = Map.copyOf(attempts);
    }
}
