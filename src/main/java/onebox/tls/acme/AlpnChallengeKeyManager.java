package onebox.tls.acme;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import onebox.tls.CertifiedKey;

/**
 * Presents the TLS-ALPN-01 challenge certificate (RFC 8737) when the handshake negotiated
 * {@code acme-tls/1}, and the served certificate otherwise.
 *
 * <p>Why this works in TLS 1.2 too: the JDK chooses the server certificate while producing
 * ServerHello, before a late {@code setHandshakeApplicationProtocolSelector} would run. But
 * when the protocols come from {@code SSLParameters.setApplicationProtocols} (as Undertow's
 * ALPN support sets them, and {@link AlpnChallengeEngine} adds acme-tls/1 to them), the JDK
 * picks the protocol while reading ClientHello, so
 * {@code getHandshakeApplicationProtocol()} is already known here in TLS 1.2 and 1.3.
 */
final class AlpnChallengeKeyManager extends X509ExtendedKeyManager {

    private static final String PREFIX = "acme-tls-alpn-01:";

    private final X509ExtendedKeyManager served;
    private final ChallengeResponder responder;

    AlpnChallengeKeyManager(X509ExtendedKeyManager served, ChallengeResponder responder) {
        this.served = served;
        this.responder = responder;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        if (engine != null && ChallengeResponder.ACME_TLS_1.equals(engine.getHandshakeApplicationProtocol())) {
            return challengeAlias(keyType, engine.getHandshakeSession());
        }
        return served.chooseEngineServerAlias(keyType, issuers, engine);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        if (socket instanceof SSLSocket ssl && ChallengeResponder.ACME_TLS_1.equals(ssl.getHandshakeApplicationProtocol())) {
            return challengeAlias(keyType, ssl.getHandshakeSession());
        }
        return served.chooseServerAlias(keyType, issuers, socket);
    }

    /** An alias naming the SNI host whose challenge certificate fits the key type, or null. */
    private String challengeAlias(String keyType, SSLSession handshake) {
        return serverName(handshake)
                .filter(name -> responder.tlsAlpn01(name).map(k -> k.key().getAlgorithm().equals(keyType)).orElse(false))
                .map(name -> PREFIX + name)
                .orElse(null);
    }

    private static Optional<String> serverName(SSLSession handshake) {
        if (handshake instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name instanceof SNIHostName host) {
                    return Optional.of(host.getAsciiName());
                }
            }
        }
        return Optional.empty();
    }

    private Optional<CertifiedKey> challenge(String alias) {
        return alias != null && alias.startsWith(PREFIX)
                ? responder.tlsAlpn01(alias.substring(PREFIX.length()))
                : Optional.empty();
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        if (alias != null && alias.startsWith(PREFIX)) {
            return challenge(alias).map(k -> k.chain().toArray(X509Certificate[]::new)).orElse(null);
        }
        return served.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        if (alias != null && alias.startsWith(PREFIX)) {
            return challenge(alias).map(CertifiedKey::key).orElse(null);
        }
        return served.getPrivateKey(alias);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return served.getServerAliases(keyType, issuers);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
