package onebox.tls.acme;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import onebox.tls.CertificateChecks;
import onebox.tls.CertifiedKey;
import onebox.tls.InvalidCertificateException;
import onebox.tls.Keys;
import onebox.tls.Pem;
import onebox.tls.PrivateFiles;

/**
 * The ACME files in ONEBOX_CERT_DIR: the account key (created once), and the issued chain
 * and key ({@code acme-<first-domain>-cert.pem} / {@code -key.pem}), keys readable by the owner only,
 * and the CA directory that issued them ({@code -ca.txt}): a staging certificate is not reused in prod.
 */
final class AcmeStore {

    private final Path dir;
    private final Path chainFile;
    private final Path keyFile;
    private final Path caFile;
    private final String directory;

    AcmeStore(Path dir, String firstDomain, String directory) {
        this.dir = dir;
        this.directory = directory;
        String safe = firstDomain.replace('*', '_');
        this.chainFile = dir.resolve("acme-" + safe + "-cert.pem");
        this.keyFile = dir.resolve("acme-" + safe + "-key.pem");
        this.caFile = dir.resolve("acme-" + safe + "-ca.txt");
    }

    /** The account key, created on first use: a new key would mean a new account. */
    synchronized KeyPair accountKey() throws IOException {
        Path file = dir.resolve("account-key.pem");
        if (Files.exists(file)) {
            return Keys.pairOf(Pem.readPrivateKey(file));
        }
        requireWritable();
        KeyPair created = Keys.ecP256();
        Pem.writePrivateKey(file, created.getPrivate());
        return created;
    }

    /** The stored certificate and its key, if both files exist and came from this CA directory. */
    Optional<CertifiedKey> load() throws IOException {
        if (!Files.exists(chainFile) || !Files.exists(keyFile)) {
            return Optional.empty();
        }
        String issuedBy = Files.exists(caFile) ? Files.readString(caFile).strip() : "an unknown CA";
        if (!issuedBy.equals(directory)) {
            throw new IOException(chainFile + " was issued by " + issuedBy + ", not by ONEBOX_ACME_DIRECTORY " + directory);
        }
        return Optional.of(Pem.read(chainFile, keyFile));
    }

    /** The stored certificate if it can be served now (valid, matching key, all names); logs why not otherwise. */
    Optional<CertifiedKey> loadUsable(List<String> domains, Clock clock) {
        try {
            Optional<CertifiedKey> stored = load();
            if (stored.isPresent()) {
                CertificateChecks.validate(stored.get(), domains, clock);
            }
            return stored;
        } catch (IOException | InvalidCertificateException | RuntimeException e) {
            AcmeEvents.info("stored-unusable", domains.getFirst(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Key first, then chain: a crash in between leaves the old chain that no longer matches, which load-time checks reject. */
    void save(CertifiedKey issued) throws IOException {
        Pem.writePrivateKey(keyFile, issued.key());
        Pem.writeCertificates(chainFile, issued.chain());
        PrivateFiles.writeAtomically(caFile, directory + "\n", false);
    }

    /** Ordering without being able to store the result would burn rate limits on every restart. */
    void requireWritable() throws IOException {
        try {
            PrivateFiles.createDirectories(dir);
        } catch (IOException e) {
            throw notWritable(e instanceof FileAlreadyExistsException ? e.getMessage() + " is not a directory" : e.toString(), e);
        }
        if (!Files.isWritable(dir)) {
            throw notWritable("permission denied", null);
        }
    }

    private IOException notWritable(String why, Throwable cause) {
        return new IOException("ONEBOX_CERT_DIR " + dir.toAbsolutePath() + " is not writable (" + why
                + "): refusing to order a certificate that could not be kept", cause);
    }
}
