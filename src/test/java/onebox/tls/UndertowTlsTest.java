package onebox.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import onebox.testing.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dev CA behind a real Undertow HTTPS listener: what `curl --cacert certs/dev-ca.pem` meets. */
class UndertowTlsTest {

    @TempDir
    Path dir;

    @Test
    void devCaLeafServesHttp2OverTls13ToAClientTrustingTheCa() throws Exception {
        SwappableKeyManager keys = new SwappableKeyManager(SelfSigned.placeholder(List.of()));
        try (DevCertificateAuthority ca = new DevCertificateAuthority(dir, List.of(), Clock.systemUTC())) {
            ca.start(keys);
            Undertow server = start(keys);
            try {
                int port = ((InetSocketAddress) server.getListenerInfo().getFirst().getAddress()).getPort();
                HttpClient client = HttpClient.newBuilder().sslContext(TestCertificates.clientTrusting(ca.caFile()))
                        .connectTimeout(Duration.ofSeconds(10)).build();

                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/")).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());

                assertEquals(200, response.statusCode());
                assertEquals("ok", response.body());
                assertEquals(HttpClient.Version.HTTP_2, response.version());
                assertEquals("TLSv1.3", response.sslSession().orElseThrow().getProtocol());
                assertCurlTrustsTheCa(ca.caFile(), port);
                assertOldProtocolsRefused(port);
            } finally {
                server.stop();
            }
        }
    }

    private static Undertow start(SwappableKeyManager keys) {
        Undertow.Builder builder = Undertow.builder()
                .setServerOption(UndertowOptions.ENABLE_HTTP2, true)
                .setIoThreads(1)
                .setWorkerThreads(2)
                .addHttpsListener(0, "127.0.0.1", TlsPolicy.serverContext(keys))
                .setHandler(exchange -> exchange.getResponseSender().send("ok"));
        Undertow server = TlsPolicy.applyTo(builder).build();
        server.start();
        return server;
    }

    private static void assertCurlTrustsTheCa(Path caFile, int port) throws Exception {
        Process curl = new ProcessBuilder("curl", "-sS", "--max-time", "10", "--cacert", caFile.toString(),
                "https://localhost:" + port + "/").redirectErrorStream(true).start();
        assertTrue(curl.waitFor(20, TimeUnit.SECONDS), "curl finished");
        String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, curl.exitValue(), output);
        assertEquals("ok", output);
    }

    private static void assertOldProtocolsRefused(int port) throws Exception {
        Openssl.require();
        Openssl.Result tls11 = Openssl.run("s_client", "-connect", "127.0.0.1:" + port, "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");
        Openssl.Result cbc = Openssl.run("s_client", "-connect", "127.0.0.1:" + port, "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA");

        assertTrue(tls11.output().contains("alert protocol version"), tls11.output());
        assertTrue(cbc.output().contains("alert handshake failure"), cbc.output());
    }
}
