package onebox.tls.acme;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import onebox.admin.ReadinessCheck;
import onebox.tls.CertificateSource;
import onebox.tls.CertifiedKey;
import onebox.tls.SwappableKeyManager;
import onebox.tls.acme.AcmeStore.StoredCertificate;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;

/**
 * Certificates from an ACME CA (ONEBOX_TLS=acme). {@link #start} returns at once: a stored,
 * still valid certificate is served without calling the CA; otherwise a self-signed
 * placeholder is presented and {@link #current()} stays empty until the first issuance.
 * One daemon thread checks, orders and renews; it catches everything and lives on.
 */
public final class AcmeCertificateSource implements CertificateSource {

    private final AcmeConfig config;
    private final Clock clock;
    private final AcmeStore store;
    private final IssuanceLedger ledger;
    private final AcmeClient client;
    private final RenewalSchedule schedule;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "onebox-acme");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AttemptLog attempts = new AttemptLog();
    private final RenewalPlan plan;
    private volatile SwappableKeyManager target;
    private volatile StoredCertificate served;
    private volatile Instant nextCheck;

    public AcmeCertificateSource(AcmeConfig config, ChallengeResponder responder, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.store = new AcmeStore(config.certDir(), config.domains().getFirst());
        this.ledger = new IssuanceLedger(config.certDir().resolve("acme-issuances.log"), config.weeklyDuplicateLimit());
        this.client = new AcmeClient(config, store, responder);
        this.schedule = new RenewalSchedule(clock, RandomGenerator.getDefault());
        this.plan = new RenewalPlan(schedule, client, clock);
    }

    @Override
    public void start(SwappableKeyManager target) {
        this.target = target;
        Optional<StoredCertificate> stored = store.loadUsable(config.domains(), clock.instant());
        if (stored.isPresent()) {
            serve(stored.get(), "stored", "reusing the stored certificate, no call to the CA");
        } else {
            target.swap(Placeholder.create(config.domains(), clock));
        }
        scheduleCheck(stored.isPresent() ? plan.nextCheck(stored.get()) : clock.instant());
    }

    @Override
    public Optional<CertifiedKey> current() {
        StoredCertificate now = served;
        return now == null || !now.key().notAfter().isAfter(clock.instant()) ? Optional.empty() : Optional.of(now.key());
    }

    @Override
    public String describe() {
        return "ACME " + config.directory();
    }

    /** Admin task: order a new certificate now, whatever the schedule says. */
    public CompletableFuture<CertifiedKey> renewNow() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return issue("manual").key();
            } catch (Exception e) {
                recordFailure("manual", e);
                throw new IllegalStateException("manual renewal failed: " + e.getMessage(), e);
            }
        }, thread);
    }

    /** Admin task: check the CA and the account; the served certificate is left alone. */
    public AcmeDryRun dryRun() throws Exception {
        return thread.submit(client::dryRun).get(2 * AcmeClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** For /readyz: not ready until a valid ACME certificate is served, with the latest failure as the reason. */
    public ReadinessCheck readiness() {
        return new ReadinessCheck() {
            @Override
            public String name() {
                return "certificate";
            }

            @Override
            public Optional<String> problem() {
                return current().isPresent() ? Optional.empty() : Optional.of("ACME certificate pending from "
                        + config.directory() + attempts.lastFailure().map(f -> " (last failure: " + f + ")").orElse(""));
            }
        };
    }

    public AcmeStatus status() {
        Map<String, Instant> notAfter = new LinkedHashMap<>();
        current().ifPresent(k -> config.domains().forEach(d -> notAfter.put(d, k.notAfter())));
        return new AcmeStatus(config.directory(), notAfter, attempts.counts(), Optional.ofNullable(nextCheck),
                attempts.consecutiveFailures(), attempts.lastFailure());
    }

    private void check() {
        if (closed.get()) {
            return;
        }
        Instant next;
        try {
            StoredCertificate now = served;
            if (now == null) {
                issue("initial");
            } else if (plan.due(now)) {
                issue("renewal");
            }
            next = plan.nextCheck(served);
        } catch (Throwable e) {
            if (closed.get()) {
                return; // interrupted by close(): not a failure worth a log line
            }
            next = recordFailure(served == null ? "initial" : "renewal", e);
        }
        scheduleCheck(next);
    }

    private StoredCertificate issue(String kind) throws Exception {
        store.requireWritable();
        Optional<String> refusal = ledger.refusal(config.domains(), clock.instant());
        if (refusal.isPresent()) {
            throw new IssuanceRefusedException(refusal.get());
        }
        Optional<X509Certificate> replaces = Optional.ofNullable(served).map(s -> s.key().leaf());
        StoredCertificate issued = client.issue(replaces);
        Optional<String> problem = IssuedCertificateCheck.problem(issued.key(), issued.keyPair(), config.domains(), clock.instant());
        if (problem.isPresent()) {
            throw new IOException("the CA issued a certificate onebox will not serve: " + problem.get());
        }
        store.save(issued);
        ledger.record(config.domains(), clock.instant());
        attempts.success(kind);
        serve(issued, kind, "issued, valid until " + issued.key().notAfter());
        return issued;
    }

    private void serve(StoredCertificate certificate, String event, String reason) {
        served = certificate;
        plan.reset(certificate);
        target.swap(certificate.key());
        AcmeEvents.info(event, config.domains().getFirst(), reason);
    }

    private Instant recordFailure(String kind, Throwable e) {
        attempts.failure(e);
        Optional<Instant> retryAfter = e instanceof AcmeRateLimitedException limited ? limited.getRetryAfter() : Optional.empty();
        Optional<Duration> lifetime = Optional.ofNullable(served)
                .map(s -> Duration.between(s.key().notBefore(), s.key().notAfter()));
        Instant next = e instanceof IssuanceRefusedException
                ? clock.instant().plus(RenewalSchedule.MAX_CHECK)
                : schedule.retryTime(attempts.consecutiveFailures(), retryAfter, lifetime);
        AcmeEvents.warn(kind + "-failed", config.domains().getFirst(), attempts.lastFailure().orElse("") + " (attempt "
                + attempts.consecutiveFailures() + ", next at " + next + ", still serving "
                + (served == null ? "the placeholder" : "the certificate valid until " + served.key().notAfter()) + ")");
        return next;
    }

    private void scheduleCheck(Instant at) {
        nextCheck = at;
        if (!closed.get()) {
            long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
            thread.schedule(this::check, delay, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        thread.shutdownNow();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                AcmeEvents.warn("close", config.domains().getFirst(), "renewal thread did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The duplicate-certificate guard said no. */
    static final class IssuanceRefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        IssuanceRefusedException(String reason) {
            super(reason);
        }
    }
}
