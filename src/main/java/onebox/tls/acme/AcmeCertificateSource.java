package onebox.tls.acme;

import java.sql.SQLException;
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
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;
import onebox.admin.ReadinessCheck;
import onebox.tls.CertificateSource;
import onebox.tls.CertificateChecks;
import onebox.tls.CertifiedKey;
import onebox.tls.SelfSigned;
import onebox.tls.SwappableKeyManager;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;

/**
 * Certificates from an ACME CA (ONEBOX_TLS=acme). {@link #start} returns at once: a stored,
 * still valid certificate is served without calling the CA; otherwise a self-signed
 * placeholder is presented and {@link #current()} stays empty until the first issuance.
 * One daemon thread checks, orders and renews; it catches everything and lives on.
 */
public final class AcmeCertificateSource implements CertificateSource {

    /** Below this fraction of its life left, the served certificate is renewed even without the database's lock. */
    static final double LAST_RESORT_FRACTION = 0.1;

    private final AcmeConfig config;
    private final Clock clock;
    private final AcmeStore store;
    private final AcmeClient client;
    private final GuardedOrder order;
    private final RenewalSchedule schedule;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "onebox-acme");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AttemptLog attempts = new AttemptLog();
    private final RenewalPlan plan;
    private final Optional<SharedCertificates> shared;
    private volatile BiConsumer<String, String> attemptListener = (result, reason) -> {};
    private volatile SwappableKeyManager target;
    private volatile CertifiedKey served;
    private volatile Instant nextCheck;

    /**
     * With {@code database}: the certificate is also kept there, and ordered by one instance at
     * a time; without it, only in the certificate directory.
     */
    public AcmeCertificateSource(AcmeConfig config, ChallengeResponder responder, Clock clock, Optional<DataSource> database) {
        this.config = config;
        this.shared = database.map(db -> new SharedCertificates(db, config.directory().toString(), config.domains()));
        database.ifPresent(db -> responder.shareHttp01(new SharedHttp01Challenges(db)));
        this.clock = clock;
        this.store = new AcmeStore(config.certDir(), config.domains().getFirst(), config.directory().toString());
        this.client = new AcmeClient(config, store, responder);
        this.order = new GuardedOrder(config, clock, store, client);
        this.schedule = new RenewalSchedule(clock, RandomGenerator.getDefault());
        this.plan = new RenewalPlan(schedule, client, clock);
    }

    @Override
    public void start(SwappableKeyManager target) {
        this.target = target;
        Optional<CertifiedKey> stored = store.loadUsable(config.domains(), clock);
        if (stored.isPresent()) {
            serve(stored.get(), "stored", "reusing the stored certificate, no call to the CA");
        } else {
            target.swap(SelfSigned.placeholder(config.domains(), clock));
        }
        scheduleCheck(stored.isPresent() ? plan.nextCheck(stored.get()) : clock.instant());
    }

    /** Told of every issuance attempt: result "success" or "failure", and a reason word (metrics). */
    public void onAttempt(BiConsumer<String, String> listener) {
        attemptListener = listener;
    }

    @Override
    public Optional<CertifiedKey> current() {
        CertifiedKey now = served;
        return now == null || !now.notAfter().isAfter(clock.instant()) ? Optional.empty() : Optional.of(now);
    }

    @Override
    public String describe() {
        return "ACME " + config.directory();
    }

    /** Admin task: order a new certificate now, whatever the schedule says. */
    public CompletableFuture<CertifiedKey> renewNow() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return issue("manual");
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
        return ReadinessCheck.of("certificate", () -> current().isPresent() ? Optional.empty()
                : Optional.of("ACME certificate pending from " + config.directory()
                        + attempts.lastFailure().map(f -> " (last failure: " + f + ")").orElse("")));
    }

    public AcmeStatus status() {
        Map<String, Instant> notAfter = new LinkedHashMap<>();
        current().ifPresent(k -> config.domains().forEach(d -> notAfter.put(d, k.notAfter())));
        return new AcmeStatus(config.directory(), notAfter, attempts.counts(),
                current().isPresent() ? plan.renewAt() : Optional.empty(), Optional.ofNullable(nextCheck),
                attempts.consecutiveFailures(), attempts.lastFailure());
    }

    private void check() {
        if (closed.get()) {
            return;
        }
        Instant next;
        try {
            adoptSharedQuietly();
            CertifiedKey now = served;
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

    /**
     * One order at a time across instances: under the lock, a certificate another instance
     * just stored wins. Without the database, ordering waits, unless the served certificate
     * is about to expire: then a duplicate order is the lesser harm.
     */
    private CertifiedKey issue(String kind) throws Exception {
        if (shared.isEmpty()) {
            return order(kind);
        }
        try {
            return shared.get().underOrderLock(() -> !kind.equals("manual") && adoptSharedIfNewer() ? served : orderAndShare(kind));
        } catch (SQLException e) {
            CertifiedKey now = served;
            if (e instanceof SharedCertificates.LockBusyException || now == null
                    || CertificateChecks.remainingFraction(now.leaf(), clock.instant()) > LAST_RESORT_FRACTION) {
                throw e;
            }
            AcmeEvents.warn("shared-unavailable", config.domains().getFirst(), "database unavailable (" + e.getMessage()
                    + ") and the certificate expires at " + now.notAfter() + ": ordering without the lock");
            return order(kind);
        }
    }

    private CertifiedKey orderAndShare(String kind) throws Exception {
        CertifiedKey issued = order(kind);
        try {
            shared.orElseThrow().save(issued);
        } catch (SQLException e) {
            AcmeEvents.warn("shared-save-failed", config.domains().getFirst(), "issued but not stored in the database: "
                    + e.getMessage() + "; other instances will order their own");
        }
        return issued;
    }

    /** Between checks: a database outage costs nothing while the served certificate is fine. */
    private void adoptSharedQuietly() {
        try {
            adoptSharedIfNewer();
        } catch (Exception e) {
            AcmeEvents.info("shared-unavailable", config.domains().getFirst(), "cannot read the shared certificate: " + e.getMessage());
        }
    }

    /** Serves the database's certificate when it is usable, newer than ours and not itself due for renewal. */
    private boolean adoptSharedIfNewer() throws Exception {
        Optional<CertifiedKey> newer = shared.isPresent() ? shared.get().newerUsable(served, config.domains(), clock) : Optional.empty();
        if (newer.isEmpty()) {
            return false;
        }
        store.save(newer.get());
        serve(newer.get(), "shared", "serving the certificate another instance stored in the database, valid until "
                + newer.get().notAfter());
        return true;
    }

    private CertifiedKey order(String kind) throws Exception {
        CertifiedKey issued = order.place(Optional.ofNullable(served).map(CertifiedKey::leaf));
        attempts.success(kind);
        attemptListener.accept("success", metricWord(kind));
        serve(issued, kind, "issued, valid until " + issued.notAfter());
        return issued;
    }

    /** Presents the certificate before {@link #current()} reports it, so that readiness never runs ahead of TLS. */
    private void serve(CertifiedKey certificate, String event, String reason) {
        target.swap(certificate);
        served = certificate;
        plan.reset(certificate);
        AcmeEvents.info(event, config.domains().getFirst(), reason);
    }

    private Instant recordFailure(String kind, Throwable e) {
        attemptListener.accept("failure", metricWord(attempts.failure(e)));
        Optional<Instant> retryAfter = e instanceof AcmeRateLimitedException limited ? limited.getRetryAfter() : Optional.empty();
        Optional<Duration> lifetime = Optional.ofNullable(served)
                .map(s -> Duration.between(s.notBefore(), s.notAfter()));
        Instant next = e instanceof GuardedOrder.IssuanceRefusedException
                ? clock.instant().plus(RenewalSchedule.MAX_CHECK)
                : schedule.retryTime(attempts.consecutiveFailures(), retryAfter, lifetime);
        AcmeEvents.warn(kind + "-failed", config.domains().getFirst(), attempts.lastFailure().orElse("") + " (attempt "
                + attempts.consecutiveFailures() + ", next at " + next + ", still serving "
                + (served == null ? "the placeholder" : "the certificate valid until " + served.notAfter()) + ")");
        return next;
    }

    /** Prometheus label values by convention use underscores ("ca_unreachable"). */
    private static String metricWord(String reason) {
        return reason.replace('-', '_');
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
}
