package onebox.tls.acme;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509ExtendedKeyManager;
import onebox.tls.CertifiedKey;
import onebox.tls.DelegatingSslContext;

/**
 * The answers to pending ACME challenges, read by the public listeners: HTTP-01 key
 * authorizations for {@code /.well-known/acme-challenge/{token}} on the HTTP listener, and
 * TLS-ALPN-01 certificates for handshakes offering ALPN {@code acme-tls/1} on HTTPS.
 */
public final class ChallengeResponder {

    public static final String ACME_TLS_1 = "acme-tls/1";

    /** HTTP-01 answers other instances can read: what this one publishes, and where it looks on a miss. */
    interface SharedHttp01 {
        void put(String token, String keyAuthorization) throws Exception;

        void remove(String token) throws Exception;

        Optional<String> get(String token) throws Exception;
    }

    private final Map<String, String> http01 = new ConcurrentHashMap<>();
    private volatile SharedHttp01 shared;
    private final Map<String, CertifiedKey> tlsAlpn01 = new ConcurrentHashMap<>();

    /**
     * The key authorization for an HTTP-01 token, while its challenge is pending, here or
     * (when shared) on another instance. May query the database: not for an IO thread.
     */
    public Optional<String> http01(String token) {
        String local = http01.get(token);
        SharedHttp01 elsewhere = shared;
        if (local != null || elsewhere == null) {
            return Optional.ofNullable(local);
        }
        try {
            return elsewhere.get(token);
        } catch (Exception e) {
            AcmeEvents.warn("challenge-lookup-failed", "-", "HTTP-01 token not found locally and the database failed: " + e);
            return Optional.empty();
        }
    }

    void shareHttp01(SharedHttp01 store) {
        this.shared = store;
    }

    /** The challenge certificate for a server name (SNI), while its TLS-ALPN-01 challenge is pending. */
    public Optional<CertifiedKey> tlsAlpn01(String serverName) {
        return Optional.ofNullable(tlsAlpn01.get(serverName.toLowerCase(Locale.ROOT)));
    }

    public boolean tlsAlpn01Pending() {
        return !tlsAlpn01.isEmpty();
    }

    /** The key manager for the HTTPS listener: the served certificate, or a challenge certificate for acme-tls/1. */
    public X509ExtendedKeyManager keyManager(X509ExtendedKeyManager served) {
        return new AlpnChallengeKeyManager(served, this);
    }

    /** Wraps the HTTPS listener's context so that handshakes may negotiate acme-tls/1 while a challenge is pending. */
    public SSLContext serverContext(SSLContext base) {
        return DelegatingSslContext.adaptingEngines(base, engine -> new AlpnChallengeEngine(engine, this));
    }

    void putHttp01(String token, String keyAuthorization) {
        http01.put(token, keyAuthorization);
        withShared("publish", store -> store.put(token, keyAuthorization));
    }

    void removeHttp01(String token) {
        http01.remove(token);
        withShared("withdraw", store -> store.remove(token));
    }

    /** A database failure costs only the other instances' answers: this one still has its own. */
    private void withShared(String what, SharedAction action) {
        SharedHttp01 store = shared;
        if (store != null) {
            try {
                action.run(store);
            } catch (Exception e) {
                AcmeEvents.warn("challenge-" + what + "-failed", "-", "HTTP-01 answer not shared through the database: " + e);
            }
        }
    }

    private interface SharedAction {
        void run(SharedHttp01 store) throws Exception;
    }

    void putTlsAlpn01(String domain, CertifiedKey challengeCertificate) {
        tlsAlpn01.put(domain.toLowerCase(Locale.ROOT), challengeCertificate);
    }

    void removeTlsAlpn01(String domain) {
        tlsAlpn01.remove(domain.toLowerCase(Locale.ROOT));
    }
}
