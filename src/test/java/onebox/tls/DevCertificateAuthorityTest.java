package onebox.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Set;
import onebox.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevCertificateAuthorityTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    @Test
    void caAndLeafAreCreatedOnceAndReusedOnRestart() throws IOException {
        Path certDir = dir.resolve("certs");
        BigInteger caSerial;
        BigInteger leafSerial;
        try (DevCertificateAuthority first = new DevCertificateAuthority(certDir, List.of(), clock)) {
            SwappableKeyManager keys = new SwappableKeyManager(SelfSigned.placeholder(List.of()));
            first.start(keys);
            caSerial = caOf(first).getSerialNumber();
            leafSerial = keys.current().leaf().getSerialNumber();
            assertEquals(leafSerial, first.current().orElseThrow().leaf().getSerialNumber());
        }
        clock.advance(Duration.ofDays(10));
        try (DevCertificateAuthority second = new DevCertificateAuthority(certDir, List.of(), clock)) {
            SwappableKeyManager keys = new SwappableKeyManager(SelfSigned.placeholder(List.of()));
            second.start(keys);

            assertEquals(caSerial, caOf(second).getSerialNumber());
            assertEquals(leafSerial, keys.current().leaf().getSerialNumber());
        }
        assertEquals("rw-------", mode(certDir.resolve("dev-ca-key.pem")));
        assertEquals("rw-------", mode(certDir.resolve("dev-key.pem")));
        assertEquals("rwx------", mode(certDir));
    }

    @Test
    void leafChainsToTheCaForLoopbackAndTheDomains() throws Exception {
        try (DevCertificateAuthority ca = new DevCertificateAuthority(dir, List.of("Shop.Example.Test"), clock)) {
            ca.start(new SwappableKeyManager(SelfSigned.placeholder(List.of())));
            X509Certificate leaf = ca.current().orElseThrow().leaf();
            X509Certificate root = caOf(ca);

            validatePath(leaf, root);
            assertEquals(List.of("shop.example.test", "localhost", "127.0.0.1", "0:0:0:0:0:0:0:1"),
                    CertificateChecks.subjectAlternativeNames(leaf));
            assertEquals(List.of("1.3.6.1.5.5.7.3.1"), leaf.getExtendedKeyUsage());
            assertEquals(Duration.ofDays(90).plusHours(1), Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()));
            assertEquals("EC", leaf.getPublicKey().getAlgorithm());
            assertTrue(root.getSubjectX500Principal().getName().startsWith("CN=onebox dev CA ("), root.getSubjectX500Principal().getName());
            assertEquals(0, root.getBasicConstraints());
            assertEquals(dir.resolve("dev-ca.pem"), ca.caFile());
        }
    }

    @Test
    void opensslAcceptsTheLeafForServerUse() throws Exception {
        Openssl.require();
        try (DevCertificateAuthority ca = new DevCertificateAuthority(dir, List.of(), clock)) {
            ca.start(new SwappableKeyManager(SelfSigned.placeholder(List.of())));

            Openssl.Result verify = Openssl.run("verify", "-CAfile", ca.caFile().toString(), "-purpose", "sslserver",
                    "-verify_hostname", "localhost", "-verify_ip", "::1", ca.certFile().toString());

            assertEquals(0, verify.exitCode(), verify.output());
            assertEquals(ca.certFile() + ": OK\n", verify.output());
        }
    }

    @Test
    void leafIsReissuedOnceLessThanAThirdOfItsLifeRemains() throws IOException {
        try (DevCertificateAuthority ca = new DevCertificateAuthority(dir, List.of(), clock)) {
            SwappableKeyManager keys = new SwappableKeyManager(SelfSigned.placeholder(List.of()));
            ca.start(keys);
            BigInteger original = keys.current().leaf().getSerialNumber();

            clock.advance(Duration.ofDays(59));
            assertFalse(ca.renewIfDue());
            assertEquals(original, keys.current().leaf().getSerialNumber());

            clock.advance(Duration.ofDays(2));
            assertTrue(ca.renewIfDue());
            BigInteger renewed = keys.current().leaf().getSerialNumber();
            assertNotEquals(original, renewed);
            assertEquals(renewed, Pem.readCertificates(ca.certFile()).getFirst().getSerialNumber());
            assertEquals(clock.instant().plus(Duration.ofDays(90)), keys.current().notAfter());
        }
    }

    @Test
    void restartNearExpiryReissuesTheLeafButKeepsTheCa() throws IOException {
        BigInteger caSerial;
        BigInteger leafSerial;
        try (DevCertificateAuthority first = new DevCertificateAuthority(dir, List.of(), clock)) {
            first.start(new SwappableKeyManager(SelfSigned.placeholder(List.of())));
            caSerial = caOf(first).getSerialNumber();
            leafSerial = first.current().orElseThrow().leaf().getSerialNumber();
        }
        clock.advance(Duration.ofDays(80));
        try (DevCertificateAuthority second = new DevCertificateAuthority(dir, List.of(), clock)) {
            second.start(new SwappableKeyManager(SelfSigned.placeholder(List.of())));

            assertEquals(caSerial, caOf(second).getSerialNumber());
            assertNotEquals(leafSerial, second.current().orElseThrow().leaf().getSerialNumber());
        }
    }

    @Test
    void newDomainOrDamagedLeafIsReissued() throws IOException {
        BigInteger leafSerial;
        try (DevCertificateAuthority first = new DevCertificateAuthority(dir, List.of(), clock)) {
            first.start(new SwappableKeyManager(SelfSigned.placeholder(List.of())));
            leafSerial = first.current().orElseThrow().leaf().getSerialNumber();
        }
        try (DevCertificateAuthority withDomain = new DevCertificateAuthority(dir, List.of("new.test"), clock)) {
            withDomain.start(new SwappableKeyManager(SelfSigned.placeholder(List.of())));
            BigInteger reissued = withDomain.current().orElseThrow().leaf().getSerialNumber();
            assertNotEquals(leafSerial, reissued);
            leafSerial = reissued;
        }
        Files.writeString(dir.resolve("dev-key.pem"), "damaged\n");
        try (DevCertificateAuthority afterDamage = new DevCertificateAuthority(dir, List.of("new.test"), clock)) {
            afterDamage.start(new SwappableKeyManager(SelfSigned.placeholder(List.of())));
            assertNotEquals(leafSerial, afterDamage.current().orElseThrow().leaf().getSerialNumber());
        }
    }

    private static X509Certificate caOf(DevCertificateAuthority ca) throws IOException {
        return Pem.readCertificates(ca.caFile()).getFirst();
    }

    private void validatePath(X509Certificate leaf, X509Certificate root) throws Exception {
        var path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf));
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(clock.instant()));
        CertPathValidator.getInstance("PKIX").validate(path, parameters);
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
