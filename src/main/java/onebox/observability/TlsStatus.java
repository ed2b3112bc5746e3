package onebox.observability;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** What the certificate side tells the metrics: expiry per domain and the next renewal. */
public record TlsStatus(Map<String, Instant> notAfterByDomain, Optional<Instant> nextRenewal) {

    public static final TlsStatus NONE = new TlsStatus(Map.of(), Optional.empty());

    public TlsStatus {
        notAfterByDomain = Map.copyOf(notAfterByDomain);
    }

    /** The earliest expiry of any domain, for the status page's "days left". */
    public Optional<Instant> earliestNotAfter() {
        return notAfterByDomain.values().stream().min(Instant::compareTo);
    }
}
