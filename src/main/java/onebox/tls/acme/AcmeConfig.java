package onebox.tls.acme;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import onebox.config.Secret;
import onebox.config.Settings;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.challenge.TlsAlpn01Challenge;

/**
 * What the ACME source needs, taken from the settings once.
 *
 * @param challenges challenge types to try, in order ("http-01", "tls-alpn-01")
 * @param weeklyDuplicateLimit issuances for the same names allowed per 168 h
 */
public record AcmeConfig(
        URI directory,
        Optional<String> email,
        Optional<Path> caFile,
        List<String> challenges,
        Optional<String> profile,
        Optional<String> eabKeyId,
        Optional<Secret> eabHmacKey,
        Settings.KeyType keyType,
        List<String> domains,
        Path certDir,
        int weeklyDuplicateLimit) {

    /** Let's Encrypt allows 5 duplicate certificates a week; stop at 4 to leave one for a manual fix. */
    static final int LETS_ENCRYPT_DUPLICATE_MARGIN_LIMIT = 4;

    public AcmeConfig {
        if (domains.isEmpty()) {
            throw new IllegalArgumentException("ONEBOX_DOMAINS is empty: ACME needs at least one name");
        }
        if (challenges.isEmpty()) {
            throw new IllegalArgumentException("ONEBOX_ACME_CHALLENGE allows no challenge with these listeners");
        }
        domains = List.copyOf(domains);
        challenges = List.copyOf(challenges);
    }

    public static AcmeConfig from(Settings settings) {
        Settings.Acme acme = settings.acme();
        return new AcmeConfig(acme.directory(), acme.email(), acme.caFile(),
                challengeOrder(acme.challenge(), settings.httpEnabled()), acme.profile(), acme.eabKeyId(),
                acme.eabHmacKey(), acme.keyType(), settings.domains(), settings.certDir(),
                weeklyLimitFor(acme.directory()));
    }

    /** auto: HTTP-01 first when the HTTP listener is on (then TLS-ALPN-01 as fallback), else TLS-ALPN-01 only. */
    static List<String> challengeOrder(Settings.Challenge challenge, boolean httpEnabled) {
        return switch (challenge) {
            case AUTO -> httpEnabled ? List.of(Http01Challenge.TYPE, TlsAlpn01Challenge.TYPE) : List.of(TlsAlpn01Challenge.TYPE);
            case HTTP_01 -> {
                if (!httpEnabled) {
                    throw new IllegalArgumentException("ONEBOX_ACME_CHALLENGE=http-01 needs ONEBOX_HTTP_PORT other than 0");
                }
                yield List.of(Http01Challenge.TYPE);
            }
            case TLS_ALPN_01 -> List.of(TlsAlpn01Challenge.TYPE);
        };
    }

    /** Only Let's Encrypt production counts duplicates this tightly (staging allows thousands). */
    static int weeklyLimitFor(URI directory) {
        String host = directory.getHost() == null ? "" : directory.getHost();
        return host.equals("acme-v02.api.letsencrypt.org") ? LETS_ENCRYPT_DUPLICATE_MARGIN_LIMIT : Integer.MAX_VALUE;
    }
}
