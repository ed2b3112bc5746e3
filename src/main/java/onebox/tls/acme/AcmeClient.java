package onebox.tls.acme;

import java.io.IOException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import onebox.config.Settings;
import onebox.tls.CertifiedKey;
import onebox.tls.Keys;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.OrderBuilder;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.RenewalInfo;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.challenge.TlsAlpn01Challenge;
import org.shredzone.acme4j.connector.Resource;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.exception.AcmeServerException;

/**
 * The ACME conversation with acme4j: account, order, challenges, certificate. Blocking;
 * runs on the renewal thread. acme4j itself retries badNonce answers (up to 10 times) and
 * polls with the CA's Retry-After.
 */
final class AcmeClient {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final AcmeConfig config;
    private final AcmeStore store;
    private final ChallengeResponder responder;
    private Login login;
    private volatile String lastWorking;

    AcmeClient(AcmeConfig config, AcmeStore store, ChallengeResponder responder) {
        this.config = config;
        this.store = store;
        this.responder = responder;
    }

    /** Orders one certificate for all domains, trying each allowed challenge type in turn. */
    CertifiedKey issue(Optional<X509Certificate> replaces) throws AcmeException, IOException, InterruptedException {
        try {
            ChallengeFailedException last = null;
            for (String type : challengeOrder()) {
                try {
                    CertifiedKey issued = issueWith(login(), type, replaces);
                    lastWorking = type;
                    return issued;
                } catch (ChallengeFailedException e) {
                    AcmeEvents.warn("challenge-failed", e.domain, type + ": " + e.getMessage());
                    last = e;
                }
            }
            throw last;
        } catch (AcmeException | IOException | RuntimeException e) {
            login = null; // next attempt starts a fresh session
            throw e;
        }
    }

    /** The configured order, but the type that worked last time first: no failing challenge on every renewal. */
    private List<String> challengeOrder() {
        String preferred = lastWorking;
        if (preferred == null) {
            return config.challenges();
        }
        List<String> ordered = new java.util.ArrayList<>(List.of(preferred));
        config.challenges().stream().filter(t -> !t.equals(preferred)).forEach(ordered::add);
        return ordered;
    }

    /** The CA's suggested renewal window (RFC 9773), when it offers one. */
    Optional<RenewalSchedule.Window> renewalWindow(X509Certificate leaf) throws AcmeException, IOException {
        Login current = login();
        if (current.getSession().resourceUrlOptional(Resource.RENEWAL_INFO).isEmpty()) {
            return Optional.empty();
        }
        RenewalInfo info = current.bindRenewalInfo(leaf);
        return Optional.of(new RenewalSchedule.Window(info.getSuggestedWindowStart(), info.getSuggestedWindowEnd()));
    }

    /** Checks the CA and the account without ordering anything. */
    AcmeDryRun dryRun() throws AcmeException, IOException {
        Login current = login();
        var metadata = current.getSession().getMetadata();
        boolean ari = current.getSession().resourceUrlOptional(Resource.RENEWAL_INFO).isPresent();
        return new AcmeDryRun(config.directory().toString(), current.getAccountLocation().toString(),
                current.getAccount().getStatus().name(), metadata.getProfiles(), ari);
    }

    private synchronized Login login() throws AcmeException, IOException {
        if (login == null) {
            Session session = config.caFile().isPresent()
                    ? new Session(config.directory(), TrustingAcmeProvider.trusting(config.caFile().get()))
                    : new Session(config.directory());
            AccountBuilder account = new AccountBuilder().agreeToTermsOfService().useKeyPair(store.accountKey());
            config.email().ifPresent(account::addEmail);
            if (config.eabKeyId().isPresent() && config.eabHmacKey().isPresent()) {
                account.withKeyIdentifier(config.eabKeyId().get(), config.eabHmacKey().get().value());
            }
            login = account.createLogin(session);
        }
        return login;
    }

    private CertifiedKey issueWith(Login login, String type, Optional<X509Certificate> replaces)
            throws AcmeException, InterruptedException {
        Order order = createOrder(login, replaces);
        AcmeEvents.info("order", first(), "order for " + String.join(",", config.domains()) + " with " + type);
        for (Authorization authorization : order.getAuthorizations()) {
            if (authorization.getStatus() != Status.VALID) {
                authorize(authorization, type);
            }
        }
        Status ready = Polling.await(order, EnumSet.of(Status.READY, Status.INVALID, Status.VALID), TIMEOUT);
        if (ready != Status.READY) {
            throw new AcmeException("order not ready but " + ready + problem(order.getError()));
        }
        KeyPair certificateKey = newCertificateKey();
        order.execute(certificateKey);
        Status done = Polling.await(order, EnumSet.of(Status.VALID, Status.INVALID), TIMEOUT);
        if (done != Status.VALID) {
            throw new AcmeException("order not valid but " + done + problem(order.getError()));
        }
        List<X509Certificate> chain = order.getCertificate().getCertificateChain();
        return new CertifiedKey(certificateKey.getPrivate(), chain);
    }

    /** An order naming the certificate it replaces (ARI); if the CA refuses that, once more without. */
    private Order createOrder(Login login, Optional<X509Certificate> replaces) throws AcmeException {
        boolean ari = login.getSession().resourceUrlOptional(Resource.RENEWAL_INFO).isPresent();
        if (replaces.isPresent() && ari) {
            try {
                return orderBuilder(login).replaces(replaces.get()).create();
            } catch (AcmeRateLimitedException e) {
                throw e;
            } catch (AcmeServerException e) {
                AcmeEvents.warn("order-replaces-refused", first(), e.getMessage() + "; ordering again without 'replaces'");
            }
        }
        return orderBuilder(login).create();
    }

    private OrderBuilder orderBuilder(Login login) throws AcmeException {
        OrderBuilder builder = login.newOrder().domains(config.domains());
        if (config.profile().isPresent()) {
            String profile = config.profile().get();
            if (login.getSession().getMetadata().isProfileAllowed(profile)) {
                builder.profile(profile);
            } else {
                AcmeEvents.warn("profile-unavailable", first(), "the CA does not offer profile " + profile + "; ordering its default");
            }
        }
        return builder;
    }

    private void authorize(Authorization authorization, String type) throws AcmeException, InterruptedException {
        String domain = authorization.getIdentifier().getDomain();
        Challenge challenge = authorization.findChallenge(type)
                .orElseThrow(() -> new ChallengeFailedException(domain, "the CA does not offer " + type));
        Runnable cleanup = publish(domain, authorization, challenge);
        try {
            AcmeEvents.info("challenge", domain, type);
            challenge.trigger();
            Status status = Polling.await(challenge, EnumSet.of(Status.VALID, Status.INVALID), TIMEOUT);
            if (status != Status.VALID) {
                throw new ChallengeFailedException(domain, status + problem(challenge.getError()));
            }
        } finally {
            cleanup.run();
        }
    }

    /** Makes the answer visible to the listeners; returns how to withdraw it. */
    private Runnable publish(String domain, Authorization authorization, Challenge challenge) throws ChallengeFailedException {
        if (challenge instanceof Http01Challenge http) {
            responder.putHttp01(http.getToken(), http.getAuthorization());
            return () -> responder.removeHttp01(http.getToken());
        }
        if (challenge instanceof TlsAlpn01Challenge alpn) {
            // acme4j 3.5 signs the challenge certificate with SHA256withRSA only.
            KeyPair keyPair = Keys.rsa(2048);
            X509Certificate certificate = alpn.createCertificate(keyPair, authorization.getIdentifier());
            responder.putTlsAlpn01(domain, new CertifiedKey(keyPair.getPrivate(), List.of(certificate)));
            return () -> responder.removeTlsAlpn01(domain);
        }
        throw new ChallengeFailedException(domain, "unsupported challenge " + challenge.getType());
    }

    private KeyPair newCertificateKey() {
        return config.keyType() == Settings.KeyType.RSA_2048 ? Keys.rsa(2048) : Keys.ecP256();
    }

    private String first() {
        return config.domains().getFirst();
    }

    private static String problem(Optional<Problem> problem) {
        return problem.map(p -> ": " + p).orElse("");
    }

    /** A challenge that did not validate: the next challenge type may still work. */
    static final class ChallengeFailedException extends AcmeException {
        private static final long serialVersionUID = 1L;
        final String domain;

        ChallengeFailedException(String domain, String reason) {
            super(reason);
            this.domain = domain;
        }
    }
}
