package onebox.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import onebox.testing.TestCertificates;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFileSourceTest {

    private static final Duration DEADLINE = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private TestCertificates certs;

    @BeforeEach
    void createCertificates() throws IOException {
        certs = TestCertificates.create(dir);
    }

    @Test
    void replacedFilesReachNewHandshakesWhileOpenConnectionsLive() throws Exception {
        SwappableKeyManager keys = new SwappableKeyManager(SelfSigned.placeholder(List.of()));
        // A poll slower than the deadline: the directory watch must be what notices.
        try (PemFileSource source = source(Duration.ofMinutes(5));
                TlsEchoServer server = new TlsEchoServer(keys)) {
            source.start(keys);
            BigInteger original = certs.server().leaf().getSerialNumber();
            try (TlsClient before = TlsClient.connect(certs.clientContext(), server.port())) {
                assertEquals(original, before.serverSerial());

                CertifiedKey next = certs.issue(TestCertificates.LOOPBACK_NAMES);
                Pem.write(next, certs.certFile(), certs.keyFile());

                BigInteger expected = next.leaf().getSerialNumber();
                assertEquals(expected, awaitServedSerial(server, expected));
                assertEquals(expected, source.current().orElseThrow().leaf().getSerialNumber());
                assertEquals("still here", before.echo("still here"));
                assertEquals(original, before.serverSerial());
            }
        }
    }

    @Test
    void certbotStyleSymlinkSwapIsPickedUp() throws Exception {
        Path archive = Files.createDirectories(dir.resolve("archive"));
        Path live = Files.createDirectories(dir.resolve("live"));
        Files.copy(certs.certFile(), archive.resolve("fullchain1.pem"));
        Files.copy(certs.keyFile(), archive.resolve("privkey1.pem"));
        Files.createSymbolicLink(live.resolve("fullchain.pem"), Path.of("../archive/fullchain1.pem"));
        Files.createSymbolicLink(live.resolve("privkey.pem"), Path.of("../archive/privkey1.pem"));
        SwappableKeyManager keys = new SwappableKeyManager(SelfSigned.placeholder(List.of()));
        try (PemFileSource source = new PemFileSource(live.resolve("fullchain.pem"), live.resolve("privkey.pem"),
                        List.of("localhost"), Clock.systemUTC(), Duration.ofMinutes(5), Duration.ofMillis(100));
                TlsEchoServer server = new TlsEchoServer(keys)) {
            source.start(keys);

            CertifiedKey next = certs.issue(TestCertificates.LOOPBACK_NAMES);
            Pem.write(next, archive.resolve("fullchain2.pem"), archive.resolve("privkey2.pem"));
            relink(live.resolve("fullchain.pem"), "../archive/fullchain2.pem");
            relink(live.resolve("privkey.pem"), "../archive/privkey2.pem");

            BigInteger expected = next.leaf().getSerialNumber();
            assertEquals(expected, awaitServedSerial(server, expected));
        }
    }

    @Test
    void badReplacementKeepsTheCurrentCertificate() throws Exception {
        SwappableKeyManager keys = new SwappableKeyManager(SelfSigned.placeholder(List.of()));
        try (PemFileSource source = source(Duration.ofMinutes(5));
                TlsEchoServer server = new TlsEchoServer(keys)) {
            source.start(keys);
            BigInteger original = certs.server().leaf().getSerialNumber();

            CertifiedKey other = certs.issue(TestCertificates.LOOPBACK_NAMES);
            Pem.writePrivateKey(certs.keyFile(), other.key());
            assertFalse(source.reload(), "a key that does not match the certificate is refused");

            Instant past = Instant.now().minus(Duration.ofDays(10));
            CertifiedKey expired = certs.issue(TestCertificates.LOOPBACK_NAMES, past, past.plus(Duration.ofDays(1)));
            Pem.write(expired, certs.certFile(), certs.keyFile());
            assertFalse(source.reload(), "an expired certificate is refused");

            Files.writeString(certs.certFile(), "truncated");
            assertFalse(source.reload(), "an unreadable chain is refused");

            try (TlsClient client = TlsClient.connect(certs.clientContext(), server.port())) {
                assertEquals(original, client.serverSerial());
            }
            assertEquals(original, source.current().orElseThrow().leaf().getSerialNumber());

            CertifiedKey good = certs.issue(TestCertificates.LOOPBACK_NAMES);
            Pem.write(good, certs.certFile(), certs.keyFile());
            assertTrue(source.reload(), "a good pair after bad ones is served");
            assertEquals(good.leaf().getSerialNumber(), keys.current().leaf().getSerialNumber());
        }
    }

    @Test
    void startFailsNamingTheProblemWhenTheFilesDoNotBelongTogether() throws IOException {
        Pem.writePrivateKey(certs.keyFile(), Keys.ecP256().getPrivate());
        SwappableKeyManager keys = new SwappableKeyManager(SelfSigned.placeholder(List.of()));
        try (PemFileSource source = source(Duration.ofMinutes(5))) {
            var error = assertThrows(InvalidCertificateException.class, () -> source.start(keys));
            assertEquals("private key does not match the certificate of CN=localhost", error.getMessage());
            assertTrue(source.current().isEmpty());
        }
    }

    @Test
    void pollAloneNoticesAChange() throws Exception {
        SwappableKeyManager keys = new SwappableKeyManager(SelfSigned.placeholder(List.of()));
        try (PemFileSource source = source(Duration.ofMillis(100))) {
            source.start(keys);
            CertifiedKey next = certs.issue(TestCertificates.LOOPBACK_NAMES);
            Pem.write(next, certs.certFile(), certs.keyFile());

            Instant deadline = Instant.now().plus(DEADLINE);
            while (!keys.current().leaf().equals(next.leaf()) && Instant.now().isBefore(deadline)) {
                Thread.sleep(20);
            }
            assertEquals(next.leaf(), keys.current().leaf());
        }
    }

    private PemFileSource source(Duration poll) {
        return new PemFileSource(certs.certFile(), certs.keyFile(), List.of("localhost"), Clock.systemUTC(), poll, Duration.ofMillis(100));
    }

    /** Polls new handshakes until one presents the expected serial or the deadline passes. */
    private BigInteger awaitServedSerial(TlsEchoServer server, BigInteger expected) throws Exception {
        Instant deadline = Instant.now().plus(DEADLINE);
        BigInteger served;
        do {
            try (TlsClient client = TlsClient.connect(certs.clientContext(), server.port())) {
                served = client.serverSerial();
            }
            if (!served.equals(expected)) {
                Thread.sleep(50);
            }
        } while (!served.equals(expected) && Instant.now().isBefore(deadline));
        return served;
    }

    /** Replaces a symlink in one step, as certbot does. */
    private static void relink(Path link, String target) throws IOException {
        Path temp = link.resolveSibling(link.getFileName() + ".new");
        Files.createSymbolicLink(temp, Path.of(target));
        Files.move(temp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
