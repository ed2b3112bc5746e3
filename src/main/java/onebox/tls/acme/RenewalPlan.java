package onebox.tls.acme;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import onebox.tls.CertifiedKey;

/**
 * The renewal time of the served certificate, chosen once per certificate (and again when
 * the CA's ARI window changes). The CA is asked for its window only once half the lifetime
 * has passed, so restarts early in a certificate's life make no call to the CA.
 */
final class RenewalPlan {

    private final RenewalSchedule schedule;
    private final AcmeClient client;
    private final Clock clock;
    private volatile Instant renewAt;
    private Optional<RenewalSchedule.Window> window = Optional.empty();
    private Instant nextWindowFetch = Instant.MIN;

    RenewalPlan(RenewalSchedule schedule, AcmeClient client, Clock clock) {
        this.schedule = schedule;
        this.client = client;
        this.clock = clock;
    }

    /** When the served certificate will be renewed; empty before the first. Unsynchronized: read at scrape time. */
    Optional<Instant> renewAt() {
        return Optional.ofNullable(renewAt);
    }

    synchronized void reset(CertifiedKey certificate) {
        window = Optional.empty();
        nextWindowFetch = halfLife(certificate);
        renewAt = schedule.renewalTime(certificate.notBefore(), certificate.notAfter(), window);
    }

    synchronized boolean due(CertifiedKey certificate) {
        refreshWindow(certificate);
        return schedule.due(renewAt);
    }

    synchronized Instant nextCheck(CertifiedKey certificate) {
        return schedule.nextCheck(certificate.notBefore(), certificate.notAfter(), renewAt);
    }

    private void refreshWindow(CertifiedKey certificate) {
        Instant now = clock.instant();
        if (now.isBefore(nextWindowFetch)) {
            return;
        }
        Duration lifetime = Duration.between(certificate.notBefore(), certificate.notAfter());
        nextWindowFetch = now.plus(min(Duration.ofHours(6), lifetime.dividedBy(10)));
        try {
            Optional<RenewalSchedule.Window> fetched = client.renewalWindow(certificate.leaf());
            if (fetched.isPresent() && !fetched.equals(window)) {
                window = fetched;
                renewAt = schedule.renewalTime(certificate.notBefore(), certificate.notAfter(), window);
                AcmeEvents.info("renewal-window", certificate.leaf().getSubjectX500Principal().getName(),
                        "CA suggests " + fetched.get().start() + " to " + fetched.get().end() + "; renewing at " + renewAt);
            }
        } catch (Exception e) {
            AcmeEvents.info("renewal-window-unavailable", "-", e.getMessage() + "; keeping " + renewAt);
        }
    }

    private static Instant halfLife(CertifiedKey certificate) {
        Instant notBefore = certificate.notBefore();
        return notBefore.plus(Duration.between(notBefore, certificate.notAfter()).dividedBy(2));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
