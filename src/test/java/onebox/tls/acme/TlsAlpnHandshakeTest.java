package onebox.tls.acme;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import onebox.tls.CertifiedKey;
import onebox.tls.Keys;
import onebox.tls.SelfSigned;
import onebox.tls.SwappableKeyManager;
import onebox.tls.TlsPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.util.CertificateUtils;

/** TLS-ALPN-01 on the HTTPS listener itself, checked with openssl s_client in TLS 1.2 and 1.3. */
class TlsAlpnHandshakeTest {

    private static final String DOMAIN = "onebox.test";
    private static final ChallengeResponder responder = new ChallengeResponder();

    private static final CertifiedKey served = SelfSigned.placeholder(List.of(DOMAIN, "localhost"));
    private static CertifiedKey challenge;
    private static ChallengeListeners listeners;

    @BeforeAll
    static void startListener() throws Exception {
        KeyPair keyPair = Keys.rsa(2048);
        X509Certificate certificate = CertificateUtils.createTlsAlpn01Certificate(keyPair, Identifier.dns(DOMAIN), new byte[32]);
        challenge = new CertifiedKey(keyPair.getPrivate(), List.of(certificate));
        listeners = ChallengeListeners.start(responder, new SwappableKeyManager(served), 0, -1);
    }

    @AfterAll
    static void stopListener() {
        listeners.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-tls1_2", "-tls1_3"})
    void acmeTlsHandshakeGetsChallengeCertificateWhilePending(String version) throws Exception {
        responder.putTlsAlpn01(DOMAIN, challenge);
        try {
            Handshake handshake = sClient(version, "acme-tls/1");
            assertEquals("acme-tls/1", handshake.alpn());
            assertArrayEquals(challenge.leaf().getEncoded(), handshake.leaf().getEncoded());
        } finally {
            responder.removeTlsAlpn01(DOMAIN);
        }
    }

    /**
     * Undertow offers h2 only to clients that also offer TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
     * which openssl -tls1_3 does not (TLS 1.3 suites only), so that one gets http/1.1.
     */
    @ParameterizedTest
    @CsvSource({"-tls1_2, h2", "-tls1_3, http/1.1"})
    void ordinaryHandshakeGetsServedCertificateWhileChallengePending(String version, String protocol) throws Exception {
        responder.putTlsAlpn01(DOMAIN, challenge);
        try {
            Handshake handshake = sClient(version, "h2,http/1.1");
            assertEquals(protocol, handshake.alpn());
            assertArrayEquals(served.leaf().getEncoded(), handshake.leaf().getEncoded());
        } finally {
            responder.removeTlsAlpn01(DOMAIN);
        }
    }

    @Test
    void acmeTlsHandshakeIsRefusedWithoutPendingChallenge() throws Exception {
        Handshake handshake = sClient("-tls1_2", "acme-tls/1");
        assertEquals(null, handshake.leaf());
        assertTrue(handshake.output().contains("no application protocol"), handshake.output());
    }

    @Test
    void http2RequestsWorkWhileChallengePending() throws Exception {
        responder.putTlsAlpn01(DOMAIN, challenge);
        try {
            HttpClient client = HttpClient.newBuilder().sslContext(trusting(served.leaf())).build();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + listeners.httpsPort() + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals("hello HTTP/2.0", response.body());
        } finally {
            responder.removeTlsAlpn01(DOMAIN);
        }
    }

    record Handshake(String alpn, X509Certificate leaf, String output) {}

    private static Handshake sClient(String version, String alpn) throws Exception {
        PebbleServer.requireTool("openssl");
        Process process = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + listeners.httpsPort(),
                "-servername", DOMAIN, "-alpn", alpn, version).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "openssl s_client did not finish");
        Matcher protocol = Pattern.compile("ALPN protocol: (\\S+)").matcher(output);
        Matcher pem = Pattern.compile("-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", Pattern.DOTALL).matcher(output);
        X509Certificate leaf = pem.find() ? (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.group().getBytes(StandardCharsets.US_ASCII))) : null;
        return new Handshake(protocol.find() ? protocol.group(1) : null, leaf, output);
    }

    static SSLContext trusting(X509Certificate certificate) throws Exception {
        return TlsPolicy.clientTrusting(List.of(certificate));
    }
}
