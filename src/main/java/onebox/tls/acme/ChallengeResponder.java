package onebox.tls.acme;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509ExtendedKeyManager;
import onebox.tls.CertifiedKey;

/**
 * The answers to pending ACME challenges, read by the public listeners: HTTP-01 key
 * authorizations for {@code /.well-known/acme-challenge/{token}} on the HTTP listener, and
 * TLS-ALPN-01 certificates for handshakes offering ALPN {@code acme-tls/1} on HTTPS.
 */
public final class ChallengeResponder {

    public static final String ACME_TLS_1 = "acme-tls/1";

    private final Map<String, String> http01 = new ConcurrentHashMap<>();
    private final Map<String, CertifiedKey> tlsAlpn01 = new ConcurrentHashMap<>();

    /** The key authorization for an HTTP-01 token, while its challenge is pending. */
    public Optional<String> http01(String token) {
        return Optional.ofNullable(http01.get(token));
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
        return AlpnChallengeContext.wrap(base, this);
    }

    void putHttp01(String token, String keyAuthorization) {
        http01.put(token, keyAuthorization);
    }

    void removeHttp01(String token) {
        http01.remove(token);
    }

    void putTlsAlpn01(String domain, CertifiedKey challengeCertificate) {
        tlsAlpn01.put(domain.toLowerCase(Locale.ROOT), challengeCertificate);
    }

    void removeTlsAlpn01(String domain) {
        tlsAlpn01.remove(domain.toLowerCase(Locale.ROOT));
    }
}
