package onebox.tls.acme;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import onebox.tls.CertificateChecks;
import onebox.tls.CertifiedKey;
import onebox.tls.InvalidCertificateException;
import onebox.tls.Pem;

/**
 * The certificate for this CA and these names in PostgreSQL (table acme_certificates), for
 * several instances sharing one database: one takes the advisory lock and orders, the
 * others wait for the lock, then find the stored certificate and serve it too.
 */
final class SharedCertificates {

    /** Longer than one order takes (a few polls of up to {@link AcmeClient#TIMEOUT}). */
    static final Duration LOCK_WAIT = AcmeClient.TIMEOUT.multipliedBy(3);
    private static final long LOCK_POLL_MILLIS = 200;

    private final DataSource database;
    private final String directory;
    private final String domains;
    private final long lockKey;

    SharedCertificates(DataSource database, String directory, List<String> domains) {
        this.database = database;
        this.directory = directory;
        this.domains = String.join(",", new TreeSet<>(domains.stream().map(d -> d.toLowerCase(Locale.ROOT)).toList()));
        this.lockKey = lockKey(directory + " " + this.domains);
    }

    Optional<CertifiedKey> load() throws SQLException, IOException {
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT chain_pem, key_pem FROM acme_certificates WHERE directory = ? AND domains = ?")) {
            select.setString(1, directory);
            select.setString(2, domains);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                String source = "acme_certificates row for " + domains;
                return Optional.of(new CertifiedKey(Pem.parsePrivateKey(row.getString(2), source),
                        Pem.parseCertificates(row.getString(1), source)));
            }
        }
    }

    /**
     * The stored certificate if it is newer than {@code served} (or nothing is served), valid
     * for the names now, and not itself due for renewal (more than a third of its life left).
     */
    Optional<CertifiedKey> newerUsable(CertifiedKey served, List<String> names, Clock clock) throws SQLException, IOException {
        Optional<CertifiedKey> stored = load();
        if (stored.isEmpty() || (served != null && !stored.get().notAfter().isAfter(served.notAfter()))
                || CertificateChecks.remainingFraction(stored.get().leaf(), clock.instant()) <= 1.0 / 3) {
            return Optional.empty();
        }
        try {
            CertificateChecks.validate(stored.get(), names, clock);
            return stored;
        } catch (InvalidCertificateException e) {
            AcmeEvents.info("shared-unusable", names.getFirst(), e.getMessage());
            return Optional.empty();
        }
    }

    void save(CertifiedKey issued) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement upsert = connection.prepareStatement("""
                        INSERT INTO acme_certificates (directory, domains, chain_pem, key_pem, not_after)
                        VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (directory, domains) DO UPDATE
                        SET chain_pem = EXCLUDED.chain_pem, key_pem = EXCLUDED.key_pem,
                            not_after = EXCLUDED.not_after, updated_at = now()""")) {
            upsert.setString(1, directory);
            upsert.setString(2, domains);
            upsert.setString(3, Pem.encodeCertificates(issued.chain()));
            upsert.setString(4, Pem.encodePrivateKey(issued.key()));
            upsert.setTimestamp(5, Timestamp.from(issued.notAfter()));
            upsert.executeUpdate();
        }
    }

    /**
     * Runs {@code work} holding the session advisory lock for these names, waiting for it
     * at most {@link #LOCK_WAIT}. The lock dies with the connection, so a crashed instance
     * cannot keep the others from ordering.
     */
    <T> T underOrderLock(Callable<T> work) throws Exception {
        try (Connection connection = database.getConnection()) {
            acquire(connection);
            try {
                return work.call();
            } finally {
                try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    unlock.setLong(1, lockKey);
                    unlock.execute();
                }
            }
        }
    }

    private void acquire(Connection connection) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
        try (PreparedStatement tryLock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            tryLock.setLong(1, lockKey);
            while (true) {
                try (ResultSet result = tryLock.executeQuery()) {
                    if (result.next() && result.getBoolean(1)) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new LockBusyException("another onebox instance has been ordering the certificate for " + domains
                            + " for more than " + LOCK_WAIT.toSeconds() + " s (advisory lock " + lockKey + " held)");
                }
                TimeUnit.MILLISECONDS.sleep(LOCK_POLL_MILLIS); // poll interval; close() interrupts it
            }
        }
    }

    /** The database answered, but another instance holds the lock: ordering anyway would duplicate its order. */
    static final class LockBusyException extends SQLException {
        private static final long serialVersionUID = 1L;

        LockBusyException(String reason) {
            super(reason);
        }
    }

    /** A stable 64-bit lock id for these names at this CA: the first 8 bytes of their SHA-256. */
    private static long lockKey(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("onebox-acme " + text).getBytes(StandardCharsets.UTF_8));
            long key = 0;
            for (int i = 0; i < 8; i++) {
                key = (key << 8) | (digest[i] & 0xff);
            }
            return key;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }
}
