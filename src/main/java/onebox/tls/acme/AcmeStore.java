package onebox.tls.acme;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import onebox.tls.CertifiedKey;

/**
 * The ACME files in ONEBOX_CERT_DIR: the account key (created once), and the issued chain
 * and key ({@code acme-<first-domain>-cert.pem} / {@code -key.pem}), keys readable by the owner only.
 */
final class AcmeStore {

    private final Path dir;
    private final Path chainFile;
    private final Path keyFile;

    AcmeStore(Path dir, String firstDomain) {
        this.dir = dir;
        String safe = firstDomain.replace('*', '_');
        this.chainFile = dir.resolve("acme-" + safe + "-cert.pem");
        this.keyFile = dir.resolve("acme-" + safe + "-key.pem");
    }

    Path dir() {
        return dir;
    }

    /** The account key, created on first use: a new key would mean a new account. */
    synchronized KeyPair accountKey() throws IOException {
        Path file = dir.resolve("account-key.pem");
        if (Files.exists(file)) {
            return AcmeFiles.readKeyPair(file);
        }
        requireWritable();
        KeyPair created = AcmeKeys.ecP256();
        AcmeFiles.writeKeyPair(file, created);
        return created;
    }

    /** The stored certificate and its key, if both files exist and read back. */
    Optional<StoredCertificate> load() throws IOException {
        if (!Files.exists(chainFile) || !Files.exists(keyFile)) {
            return Optional.empty();
        }
        KeyPair keyPair = AcmeFiles.readKeyPair(keyFile);
        List<X509Certificate> chain = AcmeFiles.readCertificates(chainFile);
        if (chain.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new StoredCertificate(new CertifiedKey(keyPair.getPrivate(), chain), keyPair));
    }

    /** The stored certificate if it can be served now (valid, matching key, all names); logs why not otherwise. */
    Optional<StoredCertificate> loadUsable(List<String> domains, Instant now) {
        try {
            Optional<StoredCertificate> stored = load();
            Optional<String> problem = stored.flatMap(s -> IssuedCertificateCheck.problem(s.key(), s.keyPair(), domains, now));
            if (problem.isPresent()) {
                AcmeEvents.info("stored-unusable", domains.getFirst(), problem.get());
                return Optional.empty();
            }
            return stored;
        } catch (IOException | RuntimeException e) {
            AcmeEvents.warn("stored-unusable", domains.getFirst(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Key first, then chain: a crash in between leaves the old chain that no longer matches, which load-time checks reject. */
    void save(StoredCertificate issued) throws IOException {
        AcmeFiles.writeKeyPair(keyFile, issued.keyPair());
        AcmeFiles.writeCertificates(chainFile, issued.key().chain());
    }

    /** Ordering without being able to store the result would burn rate limits on every restart. */
    void requireWritable() throws IOException {
        Files.createDirectories(dir);
        if (!Files.isWritable(dir)) {
            throw new IOException("ONEBOX_CERT_DIR " + dir.toAbsolutePath() + " is not writable: refusing to order a certificate that could not be kept");
        }
    }

    /** An issued certificate with its whole key pair (the public half is needed to check the leaf). */
    record StoredCertificate(CertifiedKey key, KeyPair keyPair) {}
}
