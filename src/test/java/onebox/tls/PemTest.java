package onebox.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import onebox.testing.TestCertificates;
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
        assertTrue(Files.readString(dir.resolve("chain-key.pem")).startsWith("-----BEGIN PRIVATE KEY"));
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
    void readsTraditionalEcAndRsaKeysWrittenByOpenssl() throws Exception {
        Openssl.require();
        Path ec = dir.resolve("ec.pem");
        Path rsa = dir.resolve("rsa.pem");
        assertEquals(0, Openssl.run("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", ec.toString()).exitCode());
        assertEquals(0, Openssl.run("genrsa", "-traditional", "-out", rsa.toString(), "2048").exitCode());

        for (Path key : List.of(ec, rsa)) {
            String header = key == ec ? "EC PRIVATE KEY" : "RSA PRIVATE KEY";
            assertTrue(Files.readString(key).startsWith("-----BEGIN " + header + "-----"), header);
            Path cert = dir.resolve("cert-" + key.getFileName());
            Openssl.Result made = Openssl.run("req", "-x509", "-key", key.toString(), "-subj", "/CN=localhost",
                    "-days", "1", "-out", cert.toString());
            assertEquals(0, made.exitCode(), made.output());

            CertifiedKey pair = Pem.read(cert, key);

            CertificateChecks.requireKeyMatchesLeaf(pair);
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

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
