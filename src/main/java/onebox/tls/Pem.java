package onebox.tls;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * PEM text for certificate chains and private keys: parse what certbot, openssl or a CA
 * hand us (PKCS#8, "EC PRIVATE KEY", "RSA PRIVATE KEY"), and write what onebox keeps.
 * Keys are written PKCS#8 through {@link PrivateFiles}, so they are never readable by others.
 */
public final class Pem {

    private Pem() {}

    /** Reads a chain, leaf first, as stored in fullchain.pem. */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        return parseCertificates(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
    }

    public static PrivateKey readPrivateKey(Path file) throws IOException {
        return parsePrivateKey(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
    }

    /** Reads a chain and its key; does not check that they belong together (see {@link CertificateChecks}). */
    public static CertifiedKey read(Path chainFile, Path keyFile) throws IOException {
        return new CertifiedKey(readPrivateKey(keyFile), readCertificates(chainFile));
    }

    /** Writes the chain (public, 0644) and then the key (0600), each atomically. */
    public static void write(CertifiedKey key, Path chainFile, Path keyFile) throws IOException {
        writeCertificates(chainFile, key.chain());
        writePrivateKey(keyFile, key.key());
    }

    public static void writeCertificates(Path file, List<X509Certificate> chain) throws IOException {
        PrivateFiles.writeAtomically(file, encodeCertificates(chain), false);
    }

    public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        PrivateFiles.writeAtomically(file, encodePrivateKey(key), true);
    }

    /** @param source names the origin in error messages (a file, "database row ...") */
    public static List<X509Certificate> parseCertificates(String pem, String source) throws IOException {
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
                if (item instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                }
            }
        } catch (CertificateException | RuntimeException e) {
            throw new IOException(source + ": not a valid PEM certificate chain: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IOException(source + ": no CERTIFICATE block found");
        }
        return List.copyOf(chain);
    }

    /** @param source names the origin in error messages; the key itself is never logged */
    public static PrivateKey parsePrivateKey(String pem, String source) throws IOException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
                if (item instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (item instanceof PEMKeyPair pair) {
                    // The public half may be absent (EC keys written without it): the private part suffices.
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IOException(source + ": not a readable private key (PKCS#8, EC or RSA PEM, unencrypted): " + e.getMessage(), e);
        }
        throw new IOException(source + ": no unencrypted PRIVATE KEY block found");
    }

    public static String encodeCertificates(List<X509Certificate> chain) {
        return encode(chain.toArray());
    }

    /** PKCS#8 "PRIVATE KEY", which every TLS stack reads. */
    public static String encodePrivateKey(PrivateKey key) {
        try {
            return encode(new JcaPKCS8Generator(key, null).generate());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + key.getAlgorithm() + " private key", e);
        }
    }

    private static String encode(Object... objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode PEM", e);
        }
        return out.toString();
    }
}
