package onebox.tls.acme;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * An SSLEngine that lets a handshake negotiate {@code acme-tls/1} while a TLS-ALPN-01
 * challenge is pending. It appends acme-tls/1 to whatever application protocols the server
 * sets (Undertow sets h2 and http/1.1 through SSLParameters), so the JDK selects it while
 * reading ClientHello, before the certificate is chosen. Afterwards it reports no protocol
 * to the server, which then treats the connection as plain HTTP/1.1; the ACME validator
 * closes it right after the handshake (RFC 8737, section 3).
 */
final class AlpnChallengeEngine extends SSLEngine {

    private final SSLEngine delegate;
    private final ChallengeResponder responder;

    AlpnChallengeEngine(SSLEngine delegate, ChallengeResponder responder) {
        super(delegate.getPeerHost(), delegate.getPeerPort());
        this.delegate = delegate;
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

    @Override
    public SSLParameters getSSLParameters() {
        return delegate.getSSLParameters();
    }

    @Override
    public void setHandshakeApplicationProtocolSelector(BiFunction<SSLEngine, List<String>, String> selector) {
        delegate.setHandshakeApplicationProtocolSelector(selector);
    }

    @Override
    public BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
        return delegate.getHandshakeApplicationProtocolSelector();
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
        return delegate.wrap(srcs, offset, length, dst);
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws SSLException {
        return delegate.unwrap(src, dsts, offset, length);
    }

    @Override
    public Runnable getDelegatedTask() {
        return delegate.getDelegatedTask();
    }

    @Override
    public void closeInbound() throws SSLException {
        delegate.closeInbound();
    }

    @Override
    public boolean isInboundDone() {
        return delegate.isInboundDone();
    }

    @Override
    public void closeOutbound() {
        delegate.closeOutbound();
    }

    @Override
    public boolean isOutboundDone() {
        return delegate.isOutboundDone();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return delegate.getEnabledCipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        delegate.setEnabledCipherSuites(suites);
    }

    @Override
    public String[] getSupportedProtocols() {
        return delegate.getSupportedProtocols();
    }

    @Override
    public String[] getEnabledProtocols() {
        return delegate.getEnabledProtocols();
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
        delegate.setEnabledProtocols(protocols);
    }

    @Override
    public SSLSession getSession() {
        return delegate.getSession();
    }

    @Override
    public SSLSession getHandshakeSession() {
        return delegate.getHandshakeSession();
    }

    @Override
    public void beginHandshake() throws SSLException {
        delegate.beginHandshake();
    }

    @Override
    public SSLEngineResult.HandshakeStatus getHandshakeStatus() {
        return delegate.getHandshakeStatus();
    }

    @Override
    public void setUseClientMode(boolean mode) {
        delegate.setUseClientMode(mode);
    }

    @Override
    public boolean getUseClientMode() {
        return delegate.getUseClientMode();
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        delegate.setNeedClientAuth(need);
    }

    @Override
    public boolean getNeedClientAuth() {
        return delegate.getNeedClientAuth();
    }

    @Override
    public void setWantClientAuth(boolean want) {
        delegate.setWantClientAuth(want);
    }

    @Override
    public boolean getWantClientAuth() {
        return delegate.getWantClientAuth();
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        delegate.setEnableSessionCreation(flag);
    }

    @Override
    public boolean getEnableSessionCreation() {
        return delegate.getEnableSessionCreation();
    }
}
