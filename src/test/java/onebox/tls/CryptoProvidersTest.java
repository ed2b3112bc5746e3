package onebox.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.nio.file.Path;
import java.security.Security;
import java.security.Signature;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import onebox.testing.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CryptoProvidersTest {

    private static final String ACCP = AmazonCorrettoCryptoProvider.PROVIDER_NAME;

    @TempDir
    static Path dir;

    @BeforeAll
    static void install() {
        CryptoProviders.install();
    }

    @Test
    void handshakeAlgorithmsComeFromAccp() throws Exception {
        // onebox ships for x86_64 Linux with glibc, as this machine is: there ACCP must load.
        assertNull(AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError());

        assertEquals(ACCP, Signature.getInstance("SHA256withECDSA").getProvider().getName());
        assertEquals(ACCP, KeyAgreement.getInstance("ECDH").getProvider().getName());
        assertEquals(ACCP, Cipher.getInstance("AES/GCM/NoPadding").getProvider().getName());
        assertEquals("SunEC", KeyAgreement.getInstance("XDH").getProvider().getName());
    }

    @Test
    void installingAgainAddsNothing() {
        int before = Security.getProviders().length;

        CryptoProviders.install();

        assertEquals(before, Security.getProviders().length);
        assertEquals(ACCP, Security.getProviders()[0].getName());
    }

    @Test
    void opensslCompletesHandshakesOverX25519AndP256() throws Exception {
        Openssl.require();
        TestCertificates certs = TestCertificates.create(dir);
        try (TlsEchoServer server = new TlsEchoServer(new SwappableKeyManager(certs.server()))) {
            // The groups openssl offers, and how it reports the key share the server chose. TLS 1.2
            // needs P-256 offered with X25519: there the groups also name the curves a client can
            // verify, and the certificate's key is on P-256.
            for (String[] group : new String[][] {{"X25519:P-256", "X25519"}, {"P-256", "ECDH, prime256v1"}}) {
                for (String version : new String[] {"-tls1_3", "-tls1_2"}) {
                    Openssl.Result result = Openssl.run("s_client", "-connect", "127.0.0.1:" + server.port(),
                            "-servername", "localhost", version, "-groups", group[0],
                            "-CAfile", certs.caFile().toString(), "-verify_return_error");
                    assertEquals(0, result.exitCode(), result.output());
                    assertTrue(result.output().contains("Server Temp Key: " + group[1]), result.output());
                    assertTrue(result.output().contains("Verify return code: 0 (ok)"), result.output());
                }
            }
        }
    }
}
