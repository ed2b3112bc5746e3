package onebox.tls.acme;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.sql.DataSource;
import onebox.admin.AdminTask;
import onebox.admin.ReadinessCheck;
import onebox.config.Settings;
import onebox.observability.TlsMetrics;
import onebox.observability.TlsStatus;
import onebox.tls.CertifiedKey;
import onebox.tls.SwappableKeyManager;
import onebox.tls.TlsPolicy;

/**
 * What the app needs from ACME, made in one place: the certificate source (sharing its
 * certificate through the database), the challenge answers for both public listeners,
 * readiness, metrics and the two admin tasks.
 */
public final class AcmeWiring implements AutoCloseable {

    /** Longer than one whole order (account, challenges, finalisation) may take. */
    static final Duration RENEW_TASK_TIMEOUT = AcmeClient.TIMEOUT.multipliedBy(3);

    private final AcmeCertificateSource source;
    private final ChallengeResponder responder;

    private AcmeWiring(AcmeCertificateSource source, ChallengeResponder responder) {
        this.source = source;
        this.responder = responder;
    }

    public static AcmeWiring create(Settings settings, DataSource database, TlsMetrics metrics, Clock clock) {
        ChallengeResponder responder = new ChallengeResponder();
        var source = new AcmeCertificateSource(AcmeConfig.from(settings), responder, clock, Optional.of(database));
        source.onAttempt(metrics::recordRenewal);
        metrics.watch(() -> tlsStatus(source.status()));
        return new AcmeWiring(source, responder);
    }

    public AcmeCertificateSource source() {
        return source;
    }

    /** The HTTPS context: the served certificate, or the TLS-ALPN-01 one for a pending {@code acme-tls/1} handshake. */
    public SSLContext serverContext(SwappableKeyManager served) {
        return responder.serverContext(TlsPolicy.serverContext(responder.keyManager(served)));
    }

    /** HTTP-01: the key authorization for a token, while its challenge is pending. */
    public Optional<String> http01(String token) {
        return responder.http01(token);
    }

    public ReadinessCheck readiness() {
        return source.readiness();
    }

    /** {@code POST /tasks/renew-certificate} and {@code POST /tasks/check-acme} (a dry run). */
    public List<AdminTask> adminTasks() {
        return List.of(new AdminTask("renew-certificate", this::renew), new AdminTask("check-acme", this::check));
    }

    private Map<String, Object> renew() throws Exception {
        CertifiedKey renewed;
        try {
            renewed = source.renewNow().get(RENEW_TASK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e; // "manual renewal failed: <why>"
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("directory", source.status().directory().toString());
        body.put("serial", renewed.leaf().getSerialNumber().toString(16));
        body.put("not_after", renewed.notAfter().toString());
        return body;
    }

    private Map<String, Object> check() throws Exception {
        AcmeDryRun dryRun = source.dryRun();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("directory", dryRun.directory());
        body.put("account", dryRun.account());
        body.put("account_status", dryRun.accountStatus());
        body.put("profiles", List.copyOf(dryRun.profiles()));
        body.put("renewal_info", dryRun.renewalInfo());
        source.current().ifPresent(k -> body.put("served_not_after", k.notAfter().toString()));
        return body;
    }

    private static TlsStatus tlsStatus(AcmeStatus status) {
        return new TlsStatus(status.notAfter(), status.nextRenewal());
    }

    @Override
    public void close() {
        source.close();
    }
}
