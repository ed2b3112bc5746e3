package onebox.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The dev CA's own certificate and key on disk, loaded when usable and created otherwise. */
final class LocalCertificateAuthority {

    private static final Logger log = LoggerFactory.getLogger(LocalCertificateAuthority.class);
    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    static final Duration LEAF_VALIDITY = Duration.ofDays(90);
    /** Starts validity a little in the past so that clients with a slow clock accept it. */
    static final Duration BACKDATE = Duration.ofHours(1);

    private final CertifiedKey authority;

    private LocalCertificateAuthority(CertifiedKey authority) {
        this.authority = authority;
    }

    static LocalCertificateAuthority loadOrCreate(Path caFile, Path caKeyFile, Clock clock) throws IOException {
        if (Files.exists(caFile) && Files.exists(caKeyFile)) {
            CertifiedKey ca = Pem.read(caFile, caKeyFile);
            try {
                CertificateChecks.requireKeyMatchesLeaf(ca);
                CertificateChecks.requireValidAt(ca.leaf(), clock.instant());
                return new LocalCertificateAuthority(ca);
            } catch (InvalidCertificateException e) {
                log.warn("dev CA {} is unusable ({}); creating a new one: clients must trust the new {}",
                        caFile, e.getMessage(), caFile);
            }
        }
        KeyPair pair = Keys.ecP256();
        Instant now = clock.instant();
        X509Certificate certificate = Certificates.certificateAuthority(
                pair, "onebox dev CA (" + hostname() + ")", now.minus(BACKDATE), now.plus(CA_VALIDITY));
        CertifiedKey ca = new CertifiedKey(pair.getPrivate(), List.of(certificate));
        Pem.write(ca, caFile, caKeyFile);
        log.info("created dev CA {}", caFile);
        return new LocalCertificateAuthority(ca);
    }

    /** A fresh ECDSA P-256 server certificate for the names; never outlives the CA. */
    CertifiedKey issue(List<String> names, Instant now) {
        KeyPair pair = Keys.ecP256();
        Instant notAfter = min(now.plus(LEAF_VALIDITY), authority.notAfter());
        X509Certificate leaf = Certificates.serverCertificate(authority, pair.getPublic(), names, now.minus(BACKDATE), notAfter);
        return new CertifiedKey(pair.getPrivate(), List.of(leaf));
    }

    boolean signed(X509Certificate leaf) {
        try {
            leaf.verify(authority.leaf().getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown host";
        }
    }
}
