package onebox.tls.acme;

import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import onebox.tls.ForwardingSslEngine;

/**
 * An SSLEngine that lets a handshake negotiate {@code acme-tls/1} while a TLS-ALPN-01
 * challenge is pending. It appends acme-tls/1 to whatever application protocols the server
 * sets (Undertow sets h2 and http/1.1 through SSLParameters), so the JDK selects it while
 * reading ClientHello, before the certificate is chosen. Afterwards it reports no protocol
 * to the server, which then treats the connection as plain HTTP/1.1; the ACME validator
 * closes it right after the handshake (RFC 8737, section 3).
 */
final class AlpnChallengeEngine extends ForwardingSslEngine {

    private final ChallengeResponder responder;

    AlpnChallengeEngine(SSLEngine delegate, ChallengeResponder responder) {
        super(delegate);
        this.responder = responder;
    }

    @Override
    public void setSSLParameters(SSLParameters parameters) {
        String[] protocols = parameters.getApplicationProtocols();
        if (responder.tlsAlpn01Pending() && !List.of(protocols).contains(ChallengeResponder.ACME_TLS_1)) {
            String[] withAcme = Arrays.copyOf(protocols.length == 0 ? new String[] {"http/1.1"} : protocols,
                    Math.max(protocols.length, 1) + 1);
            withAcme[withAcme.length - 1] = ChallengeResponder.ACME_TLS_1;
            parameters.setApplicationProtocols(withAcme);
        }
        delegate.setSSLParameters(parameters);
    }

    @Override
    public String getApplicationProtocol() {
        return hideAcme(delegate.getApplicationProtocol());
    }

    @Override
    public String getHandshakeApplicationProtocol() {
        return hideAcme(delegate.getHandshakeApplicationProtocol());
    }

    private static String hideAcme(String protocol) {
        return ChallengeResponder.ACME_TLS_1.equals(protocol) ? "" : protocol;
    }
}
