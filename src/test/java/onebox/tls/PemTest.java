package onebox.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTest {

    @TempDir
    Path dir;

    @Test
    void chainAndKeyRoundTripUnchanged() throws IOException {
        TestCertificates certs = TestCertificates.create(dir);
        CertifiedKey pair = new CertifiedKey(certs.server().key(), List.of(certs.server().leaf(), certs.ca().leaf()));

        Pem.write(pair, dir.resolve("chain.pem"), dir.resolve("chain-key.pem"));
        CertifiedKey read = Pem.read(dir.resolve("chain.pem"), dir.resolve("chain-key.pem"));

        assertEquals(pair.chain(), read.chain());
        assertArrayEquals(pair.key().getEncoded(), read.key().getEncoded());
        assertTrue(Files.readString(dir.resolve("chain-key.pem")).startsWith("-----BEGIN PRIVATE KEY-----"));
    }

    @Test
    void keyIsOwnerOnlyAndCreatedDirectoriesAre0700() throws IOException {
        Path key = dir.resolve("a/b/key.pem");

        Pem.writePrivateKey(key, Keys.ecP256().getPrivate());
        Pem.writePrivateKey(key, Keys.ecP256().getPrivate());

        assertEquals("rw-------", mode(key));
        assertEquals("rwx------", mode(dir.resolve("a")));
        assertEquals("rwx------", mode(dir.resolve("a/b")));
        try (Stream<Path> files = Files.list(dir.resolve("a/b"))) {
            assertEquals(List.of(key), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void certificatesArePublic() throws IOException {
        TestCertificates certs = TestCertificates.create(dir);
        assertEquals("rw-r--r--", mode(certs.certFile()));
        assertEquals("rw-------", mode(certs.keyFile()));
    }

    @Test
    void readsTraditionalEcAndRsaKeys() throws IOException {
        for (KeyPair pair : List.of(Keys.ecP256(), Keys.rsa(2048))) {
            String traditional = traditionalPem(pair.getPrivate());
            String header = pair.getPrivate().getAlgorithm().equals("EC") ? "EC PRIVATE KEY" : "RSA PRIVATE KEY";
            assertTrue(traditional.startsWith("-----BEGIN " + header + "-----"), traditional.lines().findFirst().orElseThrow());

            PrivateKey read = Pem.parsePrivateKey(traditional, "test");

            assertArrayEquals(pair.getPrivate().getEncoded(), read.getEncoded());
        }
    }

    @Test
    void errorsNameTheFile() throws IOException {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a pem\n");

        IOException keyError = assertThrows(IOException.class, () -> Pem.readPrivateKey(garbage));
        IOException chainError = assertThrows(IOException.class, () -> Pem.readCertificates(garbage));

        assertEquals(garbage + ": no unencrypted PRIVATE KEY block found", keyError.getMessage());
        assertEquals(garbage + ": no CERTIFICATE block found", chainError.getMessage());
    }

    /** The "BEGIN EC/RSA PRIVATE KEY" form that openssl and older certbot write. */
    private static String traditionalPem(PrivateKey key) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(key);
        }
        return out.toString();
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
