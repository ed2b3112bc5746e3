package onebox.tls;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Throwaway self-signed certificates: what the HTTPS listener presents before a real one
 * exists (ACME still pending), so the listener can start at once. Never stored.
 */
public final class SelfSigned {

    /** Long enough that a stuck issuance never leaves the placeholder expired too. */
    private static final Duration VALIDITY = Duration.ofDays(30);

    private SelfSigned() {}

    public static CertifiedKey placeholder(List<String> names) {
        return placeholder(names, Clock.systemUTC());
    }

    public static CertifiedKey placeholder(List<String> names, Clock clock) {
        List<String> subjectNames = names.isEmpty() ? List.of("localhost") : names;
        KeyPair pair = Keys.ecP256();
        Instant now = clock.instant();
        var certificate = Certificates.selfSignedServerCertificate(
                pair, subjectNames, now.minus(Duration.ofHours(1)), now.plus(VALIDITY));
        return new CertifiedKey(pair.getPrivate(), List.of(certificate));
    }
}
