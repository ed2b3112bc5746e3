package onebox.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateChecksTest {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final KeyPair pair = Keys.ecP256();
    private final X509Certificate leaf = Certificates.selfSignedServerCertificate(
            pair, List.of("example.test", "*.apps.example.test", "127.0.0.1", "::1"), NOW.minusSeconds(60), NOW.plus(Duration.ofDays(90)));

    @Test
    void matchingValidCoveringPairPasses() throws InvalidCertificateException {
        CertificateChecks.validate(new CertifiedKey(pair.getPrivate(), List.of(leaf)), List.of("example.test", "::1"), CLOCK);
    }

    @Test
    void keyOfAnotherCertificateIsRejected() {
        CertifiedKey mismatched = new CertifiedKey(Keys.ecP256().getPrivate(), List.of(leaf));

        var error = assertThrows(InvalidCertificateException.class, () -> CertificateChecks.validate(mismatched, List.of(), CLOCK));

        assertEquals("private key does not match the certificate of CN=example.test", error.getMessage());
    }

    @Test
    void keyOfAnotherAlgorithmIsRejected() {
        CertifiedKey mismatched = new CertifiedKey(Keys.rsa(2048).getPrivate(), List.of(leaf));

        var error = assertThrows(InvalidCertificateException.class, () -> CertificateChecks.requireKeyMatchesLeaf(mismatched));

        assertTrue(error.getMessage().startsWith("private key (RSA) does not match the certificate of CN=example.test"), error.getMessage());
    }

    @Test
    void expiredAndNotYetValidAreRejected() {
        var expired = assertThrows(InvalidCertificateException.class,
                () -> CertificateChecks.requireValidAt(leaf, NOW.plus(Duration.ofDays(91))));
        var early = assertThrows(InvalidCertificateException.class,
                () -> CertificateChecks.requireValidAt(leaf, NOW.minus(Duration.ofDays(1))));

        assertEquals("certificate of CN=example.test expired at 2026-08-30T00:00:00Z", expired.getMessage());
        assertEquals("certificate of CN=example.test is not valid before 2026-05-31T23:59:00Z", early.getMessage());
    }

    @Test
    void uncoveredNamesAreListed() {
        var error = assertThrows(InvalidCertificateException.class,
                () -> CertificateChecks.requireCovers(leaf, List.of("example.test", "other.test", "10.0.0.1")));

        assertEquals("certificate of CN=example.test does not cover [other.test, 10.0.0.1]"
                + " (it names [example.test, *.apps.example.test, 127.0.0.1, 0:0:0:0:0:0:0:1])", error.getMessage());
    }

    @Test
    void wildcardCoversExactlyOneLabel() {
        assertTrue(CertificateChecks.covers(leaf, "shop.apps.example.test"));
        assertTrue(CertificateChecks.covers(leaf, "SHOP.Apps.Example.Test"));
        assertFalse(CertificateChecks.covers(leaf, "apps.example.test"));
        assertFalse(CertificateChecks.covers(leaf, "a.b.apps.example.test"));
        assertFalse(CertificateChecks.covers(leaf, "www.example.test"));
    }

    @Test
    void ipAddressesCompareAsAddresses() {
        assertTrue(CertificateChecks.covers(leaf, "0:0:0:0:0:0:0:1"));
        assertTrue(CertificateChecks.covers(leaf, "::1"));
        assertTrue(CertificateChecks.covers(leaf, "127.0.0.1"));
        assertFalse(CertificateChecks.covers(leaf, "127.0.0.2"));
    }

    @Test
    void remainingFractionRunsFromOneToZero() {
        X509Certificate ninetyDays = Certificates.selfSignedServerCertificate(pair, List.of("a.test"), NOW, NOW.plus(Duration.ofDays(90)));

        assertEquals(1.0, CertificateChecks.remainingFraction(ninetyDays, NOW));
        assertEquals(1.0 / 3, CertificateChecks.remainingFraction(ninetyDays, NOW.plus(Duration.ofDays(60))), 1e-9);
        assertEquals(0.0, CertificateChecks.remainingFraction(ninetyDays, NOW.plus(Duration.ofDays(91))));
    }
}
