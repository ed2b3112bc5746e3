package onebox.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import onebox.testing.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The policy as BoringSSL's engine keeps it behind a real Undertow HTTPS listener, built as the
 * public listener's is ({@link TlsPolicy#serverContext}); {@link TlsPolicyTest} checks the JDK's.
 */
class BoringSslTest {

    @TempDir
    static Path dir;

    private static TestCertificates certs;
    private static SwappableKeyManager keys;
    private static Undertow server;
    private static int port;

    @BeforeAll
    static void startServer() throws Exception {
        certs = TestCertificates.create(dir);
        keys = new SwappableKeyManager(certs.server());
        Undertow.Builder builder = Undertow.builder()
                .setServerOption(UndertowOptions.ENABLE_HTTP2, true)
                .setIoThreads(1)
                .setWorkerThreads(2)
                .addHttpsListener(0, "127.0.0.1", TlsPolicy.serverContext(keys))
                .setHandler(exchange -> exchange.getResponseSender().send("ok " + exchange.getProtocol()));
        server = TlsPolicy.applyTo(builder).build();
        server.start();
        port = ((InetSocketAddress) server.getListenerInfo().getFirst().getAddress()).getPort();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    /** The native library ships in onebox's jar for Linux x86-64, which is what tests run on. */
    @Test
    void theListenersEnginesAreBoringSslsOnThisMachine() {
        assertInstanceOf(BoringSslEngine.class, TlsPolicy.serverContext(keys).createSSLEngine());
    }

    /** The key exchange and the signature run in the delegated task, on the handshake threads, not in the IO thread's wrap. */
    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aFullHandshakesCostlyStepRunsInItsDelegatedTask(String version) throws Exception {
        var server = (BoringSslEngine) TlsPolicy.serverContext(keys).createSSLEngine();
        server.setUseClientMode(false);
        SSLEngine client = certs.clientContext().createSSLEngine("localhost", port);
        client.setUseClientMode(true);
        client.setEnabledProtocols(new String[] {version});
        ByteBuffer toServer = ByteBuffer.allocate(client.getSession().getPacketBufferSize());
        ByteBuffer toClient = ByteBuffer.allocate(server.getSession().getPacketBufferSize());
        ByteBuffer plain = ByteBuffer.allocate(64 * 1024);

        client.wrap(ByteBuffer.allocate(0), toServer);
        server.unwrap(toServer.flip(), plain);
        Runnable task = server.getDelegatedTask();
        assertNotNull(task, "no task for the certificate");
        assertFalse(server.wrappedAhead());
        task.run();

        assertTrue(server.wrappedAhead());
        assertEquals(SSLEngineResult.HandshakeStatus.NEED_WRAP, server.getHandshakeStatus());
        SSLEngineResult flight = server.wrap(ByteBuffer.allocate(0), toClient);
        assertTrue(flight.bytesProduced() > 0, flight.toString());
        assertFalse(server.wrappedAhead());
        // The client takes the flight, a record at a time, as any server's, and answers it.
        toClient.flip();
        SSLEngineResult.HandshakeStatus clientStatus;
        do {
            client.unwrap(toClient, plain);
            for (Runnable clientTask = client.getDelegatedTask(); clientTask != null; clientTask = client.getDelegatedTask()) {
                clientTask.run();
            }
            clientStatus = client.getHandshakeStatus();
        } while (clientStatus == SSLEngineResult.HandshakeStatus.NEED_UNWRAP && toClient.hasRemaining());
        assertEquals(SSLEngineResult.HandshakeStatus.NEED_WRAP, clientStatus);
    }

    @ParameterizedTest
    @CsvSource({"-tls1_2, h2", "-tls1_3, h2", "-tls1_2, http/1.1", "-tls1_3, http/1.1"})
    void alpnGivesTheClientsProtocolAndUndertowServesIt(String version, String protocol) throws Exception {
        Openssl.Result result = sClientRequest(version, "-alpn", protocol);
        assertTrue(result.output().contains("ALPN protocol: " + protocol), result.output());
        if (protocol.equals("http/1.1")) {
            assertTrue(result.output().contains("ok HTTP/1.1"), result.output());
        }
    }

    @Test
    void tls12ClientGetsTheServersSuiteOrder() throws Exception {
        Openssl.Result result = sClient("-tls1_2",
                "-cipher", "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256");
        assertTrue(result.output().contains("Cipher is ECDHE-ECDSA-AES128-GCM-SHA256"), result.output());
    }

    @ParameterizedTest
    @CsvSource({"X25519:P-256, X25519", "P-256, 'ECDH, prime256v1'", "P-384, 'ECDH, secp384r1'"})
    void keyExchangeUsesThePolicysGroups(String offered, String chosen) throws Exception {
        Openssl.Result result = sClient("-tls1_3", "-groups", offered);
        assertTrue(result.output().contains("Server Temp Key: " + chosen), result.output());
    }

    @Test
    void aGroupOutsideThePolicyIsRefusedWithAnAlert() throws Exception {
        Openssl.Result result = sClient("-tls1_3", "-groups", "P-521");
        assertTrue(result.output().contains("alert handshake failure"), result.output());
    }

    /** TLS 1.2 by session ID, TLS 1.3 by the ticket that comes with the first response. */
    @ParameterizedTest
    @ValueSource(strings = {"-tls1_2", "-tls1_3"})
    void sessionsAreResumed(String version) throws Exception {
        Path session = dir.resolve("session" + version + ".pem");
        Openssl.Result first = sClientRequest(version, "-sess_out", session.toString());
        Openssl.Result second = sClient(version, "-sess_in", session.toString());

        assertTrue(first.output().contains("New, TLSv1."), first.output());
        assertTrue(second.output().contains("Reused, TLSv1."), second.output());
    }

    /** BoringSSL keeps its parsed copy of a certificate by alias: a swap must reach the next handshake all the same. */
    @Test
    void aSwappedCertificateReachesTheNextHandshake() throws Exception {
        CertifiedKey before = keys.current();
        CertifiedKey next = certs.issue(TestCertificates.LOOPBACK_NAMES);
        try {
            assertEquals(before.leaf().getSerialNumber(), servedSerial());
            keys.swap(next);
            assertEquals(next.leaf().getSerialNumber(), servedSerial());
        } finally {
            keys.swap(before);
        }
        assertEquals(before.leaf().getSerialNumber(), servedSerial());
    }

    private static BigInteger servedSerial() throws Exception {
        try (TlsClient client = TlsClient.connect(certs.clientContext(), port)) {
            return client.serverSerial();
        }
    }

    private static Openssl.Result sClient(String... options) throws Exception {
        return sClientReading(Path.of("/dev/null"), options);
    }

    /** With a request sent, so that the response (and in TLS 1.3 the session ticket) comes back before openssl ends. */
    private static Openssl.Result sClientRequest(String version, String... options) throws Exception {
        Path request = Files.writeString(dir.resolve("request.txt"), "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        List<String> args = new ArrayList<>(List.of(version, "-ign_eof"));
        args.addAll(List.of(options));
        return sClientReading(request, args.toArray(String[]::new));
    }

    private static Openssl.Result sClientReading(Path input, String... options) throws Exception {
        Openssl.require();
        List<String> args = new ArrayList<>(List.of("s_client", "-connect", "127.0.0.1:" + port, "-servername", "localhost"));
        args.addAll(List.of(options));
        return Openssl.runWithInput(input, args.toArray(String[]::new));
    }
}
