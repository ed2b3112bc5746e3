package onebox.tls.acme;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.shredzone.acme4j.util.KeyPairUtils;

/**
 * PEM reading and writing for the ACME files. Small on purpose: onebox.tls.Pem does the
 * same for the other certificate sources and can replace it when both are merged.
 */
final class AcmeFiles {

    private AcmeFiles() {}

    static KeyPair readKeyPair(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return KeyPairUtils.readKeyPair(reader);
        }
    }

    /** Writes a private key readable by the owner only, atomically: never a half-written key. */
    static void writeKeyPair(Path file, KeyPair keyPair) throws IOException {
        StringWriter pem = new StringWriter();
        KeyPairUtils.writeKeyPair(keyPair, pem);
        writePrivate(file, pem.toString());
    }

    static List<X509Certificate> readCertificates(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            List<X509Certificate> chain = new ArrayList<>();
            for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                chain.add((X509Certificate) certificate);
            }
            return chain;
        } catch (CertificateException e) {
            throw new IOException("unreadable certificate chain " + file + ": " + e.getMessage(), e);
        }
    }

    static void writeCertificates(Path file, List<X509Certificate> chain) throws IOException {
        try (Writer out = new StringWriter()) {
            for (X509Certificate certificate : chain) {
                out.write("-----BEGIN CERTIFICATE-----\n");
                out.write(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(certificate.getEncoded()));
                out.write("\n-----END CERTIFICATE-----\n");
            }
            writeAtomically(file, out.toString(), false);
        } catch (CertificateException e) {
            throw new IOException("cannot encode certificate for " + file, e);
        }
    }

    private static void writePrivate(Path file, String content) throws IOException {
        writeAtomically(file, content, true);
    }

    private static void writeAtomically(Path file, String content, boolean ownerOnly) throws IOException {
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        if (ownerOnly) {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(temp, content);
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
