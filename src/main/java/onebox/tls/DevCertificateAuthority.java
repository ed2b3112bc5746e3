package onebox.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import onebox.background.PeriodicTask;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mode {@code self-signed}: a local CA created once in the certificate directory, and a
 * leaf it signs for the configured domains plus localhost, 127.0.0.1 and ::1. Both are
 * reused on later starts; the leaf is re-issued when less than a third of its life remains.
 */
public final class DevCertificateAuthority implements CertificateSource {

    private static final Logger log = LoggerFactory.getLogger(DevCertificateAuthority.class);
    private static final double RENEW_BELOW_REMAINING = 1.0 / 3;

    private final Path certDir;
    private final List<String> names;
    private final Clock clock;
    private final AtomicReference<CertifiedKey> current = new AtomicReference<>();
    private final PeriodicTask renewal;
    private volatile SwappableKeyManager target;
    private LocalCertificateAuthority authority;

    public DevCertificateAuthority(Path certDir, List<String> domains, Clock clock) {
        this.certDir = certDir;
        this.names = leafNames(domains);
        this.clock = clock;
        this.renewal = new PeriodicTask("onebox-dev-ca-renewal", this::renewIfDue);
    }

    /** Loads or creates the CA and leaf, swaps the leaf in, and checks daily for renewal. */
    @Override
    public synchronized void start(SwappableKeyManager target) throws IOException {
        this.target = target;
        PrivateFiles.createDirectories(certDir);
        authority = LocalCertificateAuthority.loadOrCreate(caFile(), caKeyFile(), clock);
        CertifiedKey leaf = loadLeaf().orElseGet(this::issueLeaf);
        serve(leaf);
        log.info("dev CA {} (add it to a client's trust: curl --cacert {}); leaf for {} valid until {}",
                caFile(), caFile(), names, leaf.notAfter());
        renewal.start(Duration.ofDays(1));
    }

    /** Re-issues the leaf if less than a third of its life remains; true if it did. */
    public synchronized boolean renewIfDue() {
        CertifiedKey leaf = current.get();
        if (authority == null || CertificateChecks.remainingFraction(leaf.leaf(), clock.instant()) >= RENEW_BELOW_REMAINING) {
            return false;
        }
        CertifiedKey renewed = issueLeaf();
        serve(renewed);
        log.info("dev CA re-issued the leaf for {}, valid until {}", names, renewed.notAfter());
        return true;
    }

    public Path caFile() {
        return certDir.resolve("dev-ca.pem");
    }

    public Path caKeyFile() {
        return certDir.resolve("dev-ca-key.pem");
    }

    public Path certFile() {
        return certDir.resolve("dev-cert.pem");
    }

    public Path keyFile() {
        return certDir.resolve("dev-key.pem");
    }

    /** The names the leaf covers: the domains, then localhost and the loopback addresses. */
    public List<String> names() {
        return names;
    }

    @Override
    public Optional<CertifiedKey> current() {
        return Optional.ofNullable(current.get());
    }

    @Override
    public String describe() {
        return "dev CA " + caFile();
    }

    @Override
    public void close() {
        renewal.close();
    }

    /** The stored leaf, if it is ours, signed by the current CA, covers the names and is not due. */
    private Optional<CertifiedKey> loadLeaf() {
        if (!Files.exists(certFile()) || !Files.exists(keyFile())) {
            return Optional.empty();
        }
        try {
            CertifiedKey leaf = Pem.read(certFile(), keyFile());
            CertificateChecks.validate(leaf, names, clock);
            if (!authority.signed(leaf.leaf())) {
                log.info("dev leaf {} was signed by another CA: issuing a new one", certFile());
                return Optional.empty();
            }
            if (CertificateChecks.remainingFraction(leaf.leaf(), clock.instant()) < RENEW_BELOW_REMAINING) {
                log.info("dev leaf {} expires at {}: re-issuing", certFile(), leaf.notAfter());
                return Optional.empty();
            }
            return Optional.of(leaf);
        } catch (IOException | InvalidCertificateException e) {
            log.info("dev leaf {} cannot be reused ({}): issuing a new one", certFile(), e.getMessage());
            return Optional.empty();
        }
    }

    private CertifiedKey issueLeaf() {
        CertifiedKey leaf = authority.issue(names, clock.instant());
        try {
            Pem.write(leaf, certFile(), keyFile());
        } catch (IOException e) {
            // Serving the new leaf still works; the next start issues another.
            log.warn("cannot store dev leaf in {}: {}", certDir, e.toString());
        }
        return leaf;
    }

    private void serve(CertifiedKey leaf) {
        current.set(leaf);
        SwappableKeyManager manager = target;
        if (manager != null) {
            manager.swap(leaf);
        }
    }

    private static List<String> leafNames(List<String> domains) {
        Set<String> names = new LinkedHashSet<>();
        domains.forEach(domain -> names.add(domain.trim().toLowerCase(Locale.ROOT)));
        names.addAll(List.of("localhost", "127.0.0.1", "::1"));
        names.remove("");
        return List.copyOf(names);
    }
}
