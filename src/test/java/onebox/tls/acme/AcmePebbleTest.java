package onebox.tls.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import onebox.config.Settings;
import onebox.testing.TestCertificates;
import onebox.tls.CertificateChecks;
import onebox.tls.CertifiedKey;
import onebox.tls.SelfSigned;
import onebox.tls.SwappableKeyManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issuance and renewal against a real Pebble issuing 120-second certificates. */
class AcmePebbleTest {

    private static final String DOMAIN = "onebox.test";
    private static final Duration VALIDITY = Duration.ofSeconds(120);
    private static PebbleServer pebble;

    @TempDir
    static Path pebbleDir;

    @BeforeAll
    static void startPebble() throws Exception {
        pebble = PebbleServer.start(pebbleDir, VALIDITY);
    }

    @AfterAll
    static void stopPebble() {
        if (pebble != null) {
            pebble.close();
        }
    }

    @Test
    void issuesOverHttp01AndReusesStoredCertificateWithoutCallingTheCa(@TempDir Path certDir) throws Exception {
        ChallengeResponder responder = new ChallengeResponder();
        SwappableKeyManager keys = new SwappableKeyManager(SelfSigned.placeholder(List.of("placeholder")));
        Instant started;
        Duration toFirst;
        try (var listeners = ChallengeListeners.start(responder, keys, PebbleServer.freePort(), PebbleServer.HTTP_01_PORT);
                var source = new AcmeCertificateSource(config(certDir, List.of("http-01"), pebble.directory()), responder, Clock.systemUTC(), Optional.empty())) {
            started = Instant.now();
            source.start(keys);
            assertEquals(Optional.empty(), source.current());
            assertEquals(keys.current().leaf().getIssuerX500Principal(), keys.current().leaf().getSubjectX500Principal(), "self-signed placeholder");
            awaitTrue(() -> source.current().isPresent(), Duration.ofSeconds(60));
            toFirst = Duration.between(started, Instant.now());
            assertTrustedByPebble(source.current().get());
            assertEquals(source.current().get().leaf(), keys.current().leaf());
            assertEquals(Optional.of(1L), Optional.ofNullable(source.status().attempts().get("success/initial")));
        }
        System.out.println("http-01: start to first trusted certificate " + toFirst.toMillis() + " ms");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(certDir.resolve("acme-onebox.test-key.pem"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(certDir.resolve("account-key.pem"))));

        // Restart while the CA is down: the stored certificate is served at once, no call made.
        pebble.stopCa();
        try {
            SwappableKeyManager restarted = new SwappableKeyManager(SelfSigned.placeholder(List.of("placeholder")));
            try (var source = new AcmeCertificateSource(config(certDir, List.of("http-01"), pebble.directory()),
                    new ChallengeResponder(), Clock.systemUTC(), Optional.empty())) {
                source.start(restarted);
                assertTrue(source.current().isPresent());
                assertEquals(source.current().get().leaf(), restarted.current().leaf());
                assertEquals(Set.of(), source.status().attempts().keySet());
            }
            // Another CA directory (staging, then prod) does not reuse it.
            try (var source = new AcmeCertificateSource(config(certDir, List.of("http-01"), URI.create("https://127.0.0.1:1/dir")),
                    new ChallengeResponder(), Clock.systemUTC(), Optional.empty())) {
                source.start(new SwappableKeyManager(SelfSigned.placeholder(List.of("placeholder"))));
                assertEquals(Optional.empty(), source.current());
            }
        } finally {
            pebble.startCa();
        }
    }

    @Test
    void issuesOverTlsAlpn01WithHttpPortOffAndRenewsWhileClientsCall(@TempDir Path certDir) throws Exception {
        ChallengeResponder responder = new ChallengeResponder();
        SwappableKeyManager keys = new SwappableKeyManager(SelfSigned.placeholder(List.of("placeholder")));
        List<String> order = AcmeConfig.challengeOrder(Settings.Challenge.AUTO, false);
        assertEquals(List.of("tls-alpn-01"), order);
        try (var listeners = ChallengeListeners.start(responder, keys, PebbleServer.TLS_ALPN_01_PORT, -1);
                var source = new AcmeCertificateSource(config(certDir, order, pebble.directory()), responder, Clock.systemUTC(), Optional.empty())) {
            Instant started = Instant.now();
            source.start(keys);
            awaitTrue(() -> source.current().isPresent(), Duration.ofSeconds(60));
            System.out.println("tls-alpn-01: start to first trusted certificate " + Duration.between(started, Instant.now()).toMillis() + " ms");
            X509Certificate first = source.current().get().leaf();
            assertTrustedByPebble(source.current().get());

            // Clients keep calling over new TLS connections until the certificate has been renewed.
            int ok = 0;
            int failed = 0;
            Instant deadline = Instant.now().plus(VALIDITY);
            while (Instant.now().isBefore(deadline) && source.current().map(k -> k.leaf().equals(first)).orElse(true)) {
                if (callOnce(listeners.httpsPort())) {
                    ok++;
                } else {
                    failed++;
                }
            }
            X509Certificate renewed = source.current().orElseThrow().leaf();
            assertNotEquals(first, renewed);
            for (int i = 0; i < 20; i++) {
                if (callOnce(listeners.httpsPort())) {
                    ok++;
                } else {
                    failed++;
                }
            }
            System.out.println("renewal: " + ok + " requests ok, " + failed + " failed; first cert until "
                    + first.getNotAfter().toInstant() + ", renewed at " + renewed.getNotBefore().toInstant());
            assertEquals(0, failed);
            assertTrue(renewed.getNotBefore().before(first.getNotAfter()), "renewed before the first expired");
            assertEquals(Optional.of(1L), Optional.ofNullable(source.status().attempts().get("success/renewal")));
        }
    }

    @Test
    void autoFallsBackToTlsAlpn01WhenHttp01FailsAndAdminTasksWork(@TempDir Path certDir) throws Exception {
        ChallengeResponder responder = new ChallengeResponder();
        SwappableKeyManager keys = new SwappableKeyManager(SelfSigned.placeholder(List.of("placeholder")));
        List<String> order = AcmeConfig.challengeOrder(Settings.Challenge.AUTO, true);
        assertEquals(List.of("http-01", "tls-alpn-01"), order);
        // No HTTP listener on 5002: Pebble's http-01 validation fails, tls-alpn-01 on 5001 works.
        try (var listeners = ChallengeListeners.start(responder, keys, PebbleServer.TLS_ALPN_01_PORT, -1);
                var source = new AcmeCertificateSource(config(certDir, order, pebble.directory()), responder, Clock.systemUTC(), Optional.empty())) {
            source.start(keys);
            awaitTrue(() -> source.current().isPresent(), Duration.ofSeconds(60));
            assertEquals(Optional.of(1L), Optional.ofNullable(source.status().attempts().get("success/initial")));
            X509Certificate first = source.current().get().leaf();

            AcmeDryRun dryRun = source.dryRun();
            assertEquals("VALID", dryRun.accountStatus());
            assertEquals(first, source.current().get().leaf());

            CertifiedKey renewed = source.renewNow().get(60, TimeUnit.SECONDS);
            assertNotEquals(first, renewed.leaf());
            assertEquals(renewed.leaf(), keys.current().leaf());
            assertEquals(Optional.of(1L), Optional.ofNullable(source.status().attempts().get("success/manual")));
            assertEquals("ACME " + pebble.directory(), source.describe());
        }
    }

    @Test
    void caDownAtStartKeepsPlaceholderThenRecovers(@TempDir Path certDir) throws Exception {
        ChallengeResponder responder = new ChallengeResponder();
        SwappableKeyManager keys = new SwappableKeyManager(SelfSigned.placeholder(List.of("placeholder")));
        pebble.stopCa();
        try (var listeners = ChallengeListeners.start(responder, keys, PebbleServer.freePort(), PebbleServer.HTTP_01_PORT);
                var source = new AcmeCertificateSource(config(certDir, List.of("http-01"), pebble.directory()), responder, Clock.systemUTC(), Optional.empty())) {
            source.start(keys);
            awaitTrue(() -> source.status().consecutiveFailures() >= 2, Duration.ofSeconds(30));
            assertEquals(Optional.empty(), source.current());
            assertTrue(source.status().lastFailure().orElseThrow().startsWith("ca-unreachable"), source.status().lastFailure().get());
            assertTrue(source.readiness().problem().orElseThrow().startsWith("ACME certificate pending from " + pebble.directory()));
            pebble.startCa();
            Instant up = Instant.now();
            awaitTrue(() -> source.current().isPresent(), Duration.ofSeconds(60));
            System.out.println("CA down at start: certificate " + Duration.between(up, Instant.now()).toMillis() + " ms after the CA came back");
            assertTrustedByPebble(source.current().get());
            assertEquals(Optional.empty(), source.readiness().problem());
        } finally {
            if (!pebbleRunning()) {
                pebble.startCa();
            }
        }
    }

    @Test
    void refusesToOrderWhenTheCertificateDirectoryIsNotWritable(@TempDir Path run) throws Exception {
        // Below a regular file no directory can be created, not even by root (the tests run as root,
        // so a chmod would not stop them).
        Path regularFile = Files.writeString(run.resolve("not-a-directory"), "");
        Path certDir = regularFile.resolve("certs");
        long ordersBefore = pebble.ordersAdded();
        SwappableKeyManager keys = new SwappableKeyManager(SelfSigned.placeholder(List.of("placeholder")));
        try (var source = new AcmeCertificateSource(config(certDir, List.of("http-01"), pebble.directory()),
                new ChallengeResponder(), Clock.systemUTC(), Optional.empty())) {
            source.start(keys);
            awaitTrue(() -> source.status().consecutiveFailures() >= 2, Duration.ofSeconds(30));
            String failure = source.status().lastFailure().orElseThrow();
            assertTrue(failure.startsWith("storage: ONEBOX_CERT_DIR " + certDir + " is not writable"), failure);
            assertEquals(Optional.of("ACME certificate pending from " + pebble.directory() + " (last failure: " + failure + ")"),
                    source.readiness().problem());
            assertEquals(Set.of("failure/storage"), source.status().attempts().keySet());
            assertEquals(Optional.empty(), source.current());
        }
        assertEquals(ordersBefore, pebble.ordersAdded(), "no order reached Pebble");
        assertTrue(Files.isRegularFile(regularFile));
    }

    private static boolean pebbleRunning() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", pebble.directory().getPort()), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static AcmeConfig config(Path certDir, List<String> challenges, URI directory) {
        return new AcmeConfig(directory, Optional.of("ops@onebox.test"), Optional.of(pebble.httpsCaFile()), challenges,
                Optional.empty(), Optional.empty(), Optional.empty(), Settings.KeyType.EC_P256, List.of(DOMAIN), certDir,
                Integer.MAX_VALUE);
    }

    /** One HTTPS request on a new connection, verifying the chain to Pebble's root and the name onebox.test. */
    private static boolean callOnce(int port) {
        try (Socket plain = new Socket("127.0.0.1", port);
                SSLSocket socket = (SSLSocket) clientContext().getSocketFactory().createSocket(plain, DOMAIN, port, true)) {
            socket.setSoTimeout(5000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            parameters.setServerNames(List.of(new SNIHostName(DOMAIN)));
            socket.setSSLParameters(parameters);
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: " + DOMAIN + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return response.startsWith("HTTP/1.1 200");
        } catch (Exception e) {
            System.out.println("request failed: " + e);
            return false;
        }
    }

    private static SSLContext clientContext() throws Exception {
        return TestCertificates.clientTrusting(pebble.issuingRoot());
    }

    private static void assertTrustedByPebble(CertifiedKey key) throws Exception {
        var path = CertificateFactory.getInstance("X.509").generateCertPath(key.chain());
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(pebble.issuingRoot(), null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(path, parameters);
        CertificateChecks.validate(key, List.of(DOMAIN), Clock.systemUTC());
    }

    private static void awaitTrue(BooleanSupplier condition, Duration limit) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not met within " + limit);
            }
            TimeUnit.MILLISECONDS.sleep(50); // poll interval
        }
    }
}
