package onebox.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import onebox.testing.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsPolicyTest {

    @TempDir
    static Path dir;

    private static TestCertificates certs;
    private static TlsEchoServer server;

    @BeforeAll
    static void startServer() throws Exception {
        certs = TestCertificates.create(dir);
        server = new TlsEchoServer(new SwappableKeyManager(certs.server()));
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void modernClientGetsTls13() throws Exception {
        try (TlsClient client = TlsClient.connect(certs.clientContext(), server.port())) {
            assertEquals("TLSv1.3", client.protocol());
            assertEquals("TLS_AES_128_GCM_SHA256", client.cipherSuite());
            assertEquals("hello", client.echo("hello"));
        }
    }

    @Test
    void tls12ClientGetsAnEcdheAeadSuiteInServerOrder() throws Exception {
        String[] clientPrefersChaCha = {
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"};
        try (TlsClient client = new TlsClient(certs.clientContext(), server.port(), new String[] {"TLSv1.2"}, clientPrefersChaCha)) {
            assertEquals("TLSv1.2", client.protocol());
            assertEquals("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", client.cipherSuite());
        }
    }

    @Test
    void tls12ClientWithOnlyCbcSuitesIsRefused() {
        String[] cbcOnly = {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"};
        assertThrows(SSLHandshakeException.class,
                () -> new TlsClient(certs.clientContext(), server.port(), new String[] {"TLSv1.2"}, cbcOnly).close());
    }

    @Test
    void opensslNegotiatesTls13AndTls12WithTheCertificateTrusted() throws Exception {
        Openssl.require();
        for (String version : List.of("-tls1_3", "-tls1_2")) {
            Openssl.Result result = sClient(version, "-CAfile", certs.caFile().toString(), "-verify_return_error");
            assertEquals(0, result.exitCode(), result.output());
            assertTrue(result.output().contains("Verify return code: 0 (ok)"), result.output());
        }
    }

    @Test
    void opensslTls11AndTls10AreRefused() throws Exception {
        Openssl.require();
        for (String version : List.of("-tls1_1", "-tls1")) {
            // SECLEVEL=0 lets openssl itself offer the old protocol, so the refusal is the server's.
            Openssl.Result result = sClient(version, "-cipher", "DEFAULT@SECLEVEL=0");
            assertNotEquals(0, result.exitCode(), result.output());
            assertTrue(result.output().contains("alert protocol version"), result.output());
        }
    }

    @Test
    void tls12SessionsAreResumed() throws Exception {
        Openssl.require();
        Path session = dir.resolve("session.pem");
        Openssl.Result first = sClient("-tls1_2", "-sess_out", session.toString());
        Openssl.Result second = sClient("-tls1_2", "-sess_in", session.toString());

        assertTrue(first.output().contains("New, TLSv1.2"), first.output());
        assertTrue(second.output().contains("Reused, TLSv1.2"), second.output());
    }

    @Test
    void enginesFromTheServerContextCarryThePolicy() {
        SSLContext context = TlsPolicy.serverContext(new SwappableKeyManager(certs.server()));
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);

        assertEquals(List.of("TLSv1.3", "TLSv1.2"), List.of(engine.getEnabledProtocols()));
        assertEquals(TlsPolicy.CIPHER_SUITES, List.of(engine.getEnabledCipherSuites()));
        assertTrue(engine.getSSLParameters().getUseCipherSuitesOrder());
        assertEquals(TlsPolicy.SESSION_TIMEOUT_SECONDS, context.getServerSessionContext().getSessionTimeout());
    }

    private static Openssl.Result sClient(String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("s_client", "-connect", "127.0.0.1:" + server.port(),
                "-servername", "localhost"));
        args.addAll(List.of(options));
        return Openssl.run(args.toArray(String[]::new));
    }
}
