package onebox.tls.acme;

import java.io.IOException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.shredzone.acme4j.exception.AcmeNetworkException;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.exception.AcmeServerException;

/** Issuance attempts counted by result and reason, consecutive failures, the last failure: what metrics read. */
final class AttemptLog {

    private final Map<String, LongAdder> attempts = new ConcurrentHashMap<>();
    private volatile int consecutiveFailures;
    private volatile String lastFailure;

    void success(String kind) {
        count("success/" + kind);
        consecutiveFailures = 0;
        lastFailure = null;
    }

    /** Records a failure; returns the reason word used in metrics and logs. */
    String failure(Throwable e) {
        String reason = reasonOf(e);
        consecutiveFailures++;
        lastFailure = reason + ": " + e.getMessage();
        count("failure/" + reason);
        return reason;
    }

    int consecutiveFailures() {
        return consecutiveFailures;
    }

    Optional<String> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        attempts.forEach((k, v) -> counts.put(k, v.sum()));
        return counts;
    }

    static String reasonOf(Throwable e) {
        return switch (e) {
            case GuardedOrder.IssuanceRefusedException r -> "duplicate-limit";
            case AcmeClient.ChallengeFailedException c -> "challenge-failed";
            case AcmeRateLimitedException r -> "rate-limited";
            case AcmeServerException s -> "ca-error";
            case AcmeNetworkException n -> "ca-unreachable";
            case IOException io -> "storage";
            case SQLException sql -> "database";
            default -> e.getClass().getSimpleName();
        };
    }

    private void count(String key) {
        attempts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }
}
