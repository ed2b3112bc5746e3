package onebox.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mode {@code files}: a PEM chain and key kept up to date by someone else (certbot).
 * Changes are noticed by a {@link ChangeTrigger}; the new pair is validated and swapped
 * in, so new handshakes get it and open connections keep theirs. A bad pair is logged
 * and the old one stays in service.
 */
public final class PemFileSource implements CertificateSource {

    private static final Logger log = LoggerFactory.getLogger(PemFileSource.class);
    public static final Duration DEFAULT_POLL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(500);

    private final Path certFile;
    private final Path keyFile;
    private final List<String> names;
    private final Clock clock;
    private final Duration poll;
    private final Duration debounce;
    private final AtomicReference<CertifiedKey> current = new AtomicReference<>();
    private ChangeTrigger trigger;
    private SwappableKeyManager target;
    private byte[] lastSeen = new byte[0];
    private boolean lastAccepted;

    /** @param names names the certificate must cover; empty to accept whatever the files name */
    public PemFileSource(Path certFile, Path keyFile, List<String> names, Clock clock) {
        this(certFile, keyFile, names, clock, DEFAULT_POLL, DEFAULT_DEBOUNCE);
    }

    public PemFileSource(Path certFile, Path keyFile, List<String> names, Clock clock, Duration poll, Duration debounce) {
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.names = List.copyOf(names);
        this.clock = clock;
        this.poll = poll;
        this.debounce = debounce;
    }

    /** Loads and validates the pair (failing start-up if it is bad), swaps it in, then watches. */
    @Override
    public synchronized void start(SwappableKeyManager target) throws IOException, InvalidCertificateException {
        this.target = target;
        lastSeen = fingerprint();
        CertifiedKey initial = loadValidated();
        lastAccepted = true;
        current.set(initial);
        target.swap(initial);
        log.info("serving certificate from {} (key {}), valid until {}", certFile, keyFile, initial.notAfter());
        trigger = new ChangeTrigger(Set.of(certFile, keyFile), poll, debounce, this::reload);
    }

    /**
     * Reloads if the files' contents changed since last looked at. Returns true when the pair
     * now in the files is the one being served, false when it was refused (logged once per
     * change, the previous certificate kept). Safe to call at any time, e.g. from an admin task.
     */
    public synchronized boolean reload() {
        byte[] seen;
        try {
            seen = fingerprint();
        } catch (IOException e) {
            log.error("cannot read {} or {}: {}; still serving the previous certificate", certFile, keyFile, e.toString());
            return false;
        }
        if (Arrays.equals(seen, lastSeen)) {
            return lastAccepted;
        }
        lastSeen = seen;
        lastAccepted = false;
        try {
            CertifiedKey next = loadValidated();
            current.set(next);
            if (target != null) {
                target.swap(next);
            }
            log.info("reloaded certificate from {}, valid until {}", certFile, next.notAfter());
            lastAccepted = true;
            return true;
        } catch (IOException | InvalidCertificateException e) {
            log.error("rejected new certificate files {} and {}: {}; still serving the previous certificate",
                    certFile, keyFile, e.getMessage());
            return false;
        }
    }

    @Override
    public Optional<CertifiedKey> current() {
        return Optional.ofNullable(current.get());
    }

    @Override
    public String describe() {
        return "files " + certFile + " " + keyFile;
    }

    @Override
    public synchronized void close() {
        if (trigger != null) {
            trigger.close();
            trigger = null;
        }
    }

    private CertifiedKey loadValidated() throws IOException, InvalidCertificateException {
        CertifiedKey pair = Pem.read(certFile, keyFile);
        CertificateChecks.validate(pair, names, clock);
        return pair;
    }

    private byte[] fingerprint() throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(Files.readAllBytes(certFile));
            digest.update(Files.readAllBytes(keyFile));
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JDK", e);
        }
    }
}
