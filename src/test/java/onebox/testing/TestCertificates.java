package onebox.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import onebox.tls.Certificates;
import onebox.tls.CertifiedKey;
import onebox.tls.Keys;
import onebox.tls.Pem;
import onebox.tls.SwappableKeyManager;
import onebox.tls.TlsPolicy;

/**
 * Certificates for tests: a CA and a leaf for localhost, 127.0.0.1 and ::1 written as PEM
 * into a directory (ca.pem, cert.pem, key.pem), and client contexts that trust the CA,
 * e.g. {@code HttpClient.newBuilder().sslContext(certs.clientContext())}. Tests that need no
 * files share {@link #loopback()}.
 */
public record TestCertificates(CertifiedKey ca, CertifiedKey server, Path caFile, Path certFile, Path keyFile) {

    public static final List<String> LOOPBACK_NAMES = List.of("localhost", "127.0.0.1", "::1");

    /** One set for the whole test run, created on first use in a temporary directory. */
    public static TestCertificates loopback() {
        return Shared.INSTANCE;
    }

    public static TestCertificates create(Path dir) throws IOException {
        return create(dir, LOOPBACK_NAMES);
    }

    public static TestCertificates create(Path dir, List<String> names) throws IOException {
        KeyPair caPair = Keys.ecP256();
        Instant now = Instant.now();
        X509Certificate caCertificate = Certificates.certificateAuthority(
                caPair, "onebox test CA", now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)));
        CertifiedKey ca = new CertifiedKey(caPair.getPrivate(), List.of(caCertificate));
        TestCertificates certs = new TestCertificates(ca, null, dir.resolve("ca.pem"), dir.resolve("cert.pem"), dir.resolve("key.pem"));
        CertifiedKey server = certs.issue(names, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(7)));
        Pem.writeCertificates(certs.caFile, List.of(caCertificate));
        Pem.write(server, certs.certFile, certs.keyFile);
        return new TestCertificates(ca, server, certs.caFile, certs.certFile, certs.keyFile);
    }

    /** Another leaf from the same CA with a fresh key; not written anywhere. */
    public CertifiedKey issue(List<String> names, Instant notBefore, Instant notAfter) {
        KeyPair pair = Keys.ecP256();
        X509Certificate leaf = Certificates.serverCertificate(ca, pair.getPublic(), names, notBefore, notAfter);
        return new CertifiedKey(pair.getPrivate(), List.of(leaf));
    }

    public CertifiedKey issue(List<String> names) {
        Instant now = Instant.now();
        return issue(names, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(7)));
    }

    /** The context the app uses, with onebox's TLS policy, around the server certificate. */
    public SSLContext serverContext() {
        return TlsPolicy.serverContext(new SwappableKeyManager(server));
    }

    /** A client context trusting only this CA. */
    public SSLContext clientContext() {
        return clientTrusting(ca.leaf());
    }

    /** A client context trusting only the CA certificates in a PEM file, e.g. certs/dev-ca.pem. */
    public static SSLContext clientTrusting(Path caPem) throws IOException {
        return clientTrusting(Pem.readCertificates(caPem).toArray(X509Certificate[]::new));
    }

    public static SSLContext clientTrusting(X509Certificate... roots) {
        try {
            return TlsPolicy.clientTrusting(List.of(roots));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a client context for the test CA", e);
        }
    }

    /** Holder, so the shared set is created only by the tests that use it. */
    private static final class Shared {
        static final TestCertificates INSTANCE = createShared();

        private static TestCertificates createShared() {
            try {
                Path dir = Files.createTempDirectory("onebox-test-certs");
                TestCertificates certs = create(dir);
                for (Path file : List.of(dir, certs.caFile, certs.certFile, certs.keyFile)) {
                    file.toFile().deleteOnExit();
                }
                return certs;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the shared test certificates", e);
            }
        }
    }
}
