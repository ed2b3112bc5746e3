package onebox.tls.acme;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;
import onebox.tls.CertificateChecks;
import onebox.tls.CertifiedKey;
import onebox.tls.InvalidCertificateException;

/**
 * One certificate order the way onebox may serve its result: refused beyond the weekly
 * duplicate limit (the CA's own limit is harsher), and what the CA returns is validated,
 * stored and recorded in the ledger before anyone serves it.
 */
final class GuardedOrder {

    private final AcmeConfig config;
    private final Clock clock;
    private final AcmeStore store;
    private final IssuanceLedger ledger;
    private final AcmeClient client;

    GuardedOrder(AcmeConfig config, Clock clock, AcmeStore store, AcmeClient client) {
        this.config = config;
        this.clock = clock;
        this.store = store;
        this.ledger = new IssuanceLedger(config.certDir().resolve("acme-issuances.log"), config.weeklyDuplicateLimit());
        this.client = client;
    }

    /** Orders, checks, stores and records a certificate; {@code replaces} is the one served now, if any. */
    CertifiedKey place(Optional<X509Certificate> replaces) throws Exception {
        store.requireWritable();
        Optional<String> refusal = ledger.refusal(config.domains(), clock.instant());
        if (refusal.isPresent()) {
            throw new IssuanceRefusedException(refusal.get());
        }
        CertifiedKey issued = client.issue(replaces);
        try {
            CertificateChecks.validate(issued, config.domains(), clock);
        } catch (InvalidCertificateException e) {
            throw new IOException("the CA issued a certificate onebox will not serve: " + e.getMessage(), e);
        }
        store.save(issued);
        ledger.record(config.domains(), clock.instant());
        return issued;
    }

    /** The duplicate-certificate guard said no. */
    static final class IssuanceRefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        IssuanceRefusedException(String reason) {
            super(reason);
        }
    }
}
