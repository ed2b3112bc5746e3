package onebox.tls;

import io.undertow.Undertow;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.xnio.Options;
import org.xnio.Sequence;

/**
 * The public listener's TLS policy: TLS 1.3 and 1.2 only, Mozilla's "intermediate"
 * cipher suites (forward secret AEAD only) in the server's order, and session resumption.
 * Client-initiated renegotiation is refused JVM-wide by Main
 * ({@code jdk.tls.rejectClientInitiatedRenegotiation=true}).
 */
public final class TlsPolicy {

    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** Mozilla intermediate (v5.7) without the DHE suites, strongest first. */
    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /** Key exchange groups of the intermediate profile. */
    public static final List<String> NAMED_GROUPS = List.of("x25519", "secp256r1", "secp384r1");

    public static final int SESSION_CACHE_SIZE = 20_000;
    public static final int SESSION_TIMEOUT_SECONDS = 24 * 60 * 60;

    private TlsPolicy() {}

    /** A client context that trusts these certificates and nothing else: a dev CA, a test ACME server's. */
    public static SSLContext clientTrusting(List<X509Certificate> roots) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (int i = 0; i < roots.size(); i++) {
            store.setCertificateEntry("ca-" + i, roots.get(i));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /**
     * A server context presenting the key manager's certificate with default trust.
     * Engines and server sockets it creates already carry {@link #serverParameters()},
     * so a listener that sets nothing still follows the policy.
     */
    public static SSLContext serverContext(X509ExtendedKeyManager keyManager) {
        try {
            SSLContext delegate = SSLContext.getInstance("TLS");
            delegate.init(new KeyManager[] {keyManager}, null, null);
            SSLSessionContext sessions = delegate.getServerSessionContext();
            sessions.setSessionCacheSize(SESSION_CACHE_SIZE);
            sessions.setSessionTimeout(SESSION_TIMEOUT_SECONDS);
            return PolicySslContext.wrap(delegate);
        } catch (NoSuchAlgorithmException | KeyManagementException e) {
            throw new IllegalStateException("this JDK offers no TLS server context", e);
        }
    }

    /** Protocols, suites (those this JDK supports), groups and server cipher order. */
    public static SSLParameters serverParameters() {
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(PROTOCOLS.toArray(String[]::new));
        parameters.setCipherSuites(supportedCipherSuites().toArray(String[]::new));
        parameters.setNamedGroups(NAMED_GROUPS.toArray(String[]::new));
        parameters.setUseCipherSuitesOrder(true);
        return parameters;
    }

    /** Applies the policy, keeping what the engine already had otherwise (ALPN, SNI matchers). */
    public static void configure(SSLEngine engine) {
        engine.setSSLParameters(merge(engine.getSSLParameters()));
    }

    public static void configure(SSLServerSocket socket) {
        socket.setSSLParameters(merge(socket.getSSLParameters()));
    }

    /**
     * Sets the policy's protocols and suites as Undertow socket options. The context from
     * {@link #serverContext} already configures its engines; this keeps Undertow from
     * overriding them should its defaults change. ALPN (h2, http/1.1) stays Undertow's.
     */
    public static Undertow.Builder applyTo(Undertow.Builder builder) {
        return builder
                .setSocketOption(Options.SSL_ENABLED_PROTOCOLS, Sequence.of(PROTOCOLS))
                .setSocketOption(Options.SSL_ENABLED_CIPHER_SUITES, Sequence.of(supportedCipherSuites()));
    }

    /** {@link #CIPHER_SUITES} that this JDK implements, in policy order; what to give Undertow. */
    public static List<String> supportedCipherSuites() {
        return SupportedSuites.LIST;
    }

    private static SSLParameters merge(SSLParameters existing) {
        SSLParameters policy = serverParameters();
        existing.setProtocols(policy.getProtocols());
        existing.setCipherSuites(policy.getCipherSuites());
        existing.setNamedGroups(policy.getNamedGroups());
        existing.setUseCipherSuitesOrder(true);
        return existing;
    }

    /** Computed once: asking the JDK needs an initialised default context. */
    private static final class SupportedSuites {
        static final List<String> LIST = compute();

        private static List<String> compute() {
            try {
                Set<String> supported = Set.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
                return CIPHER_SUITES.stream().filter(supported::contains).toList();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JDK offers no default TLS context", e);
            }
        }
    }
}
