package onebox.tls.acme;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An SSLContext that hands out {@link AlpnChallengeEngine}s around the engines of an
 * already initialised context; everything else is the base context's. Sockets are not
 * wrapped: the public listener (Undertow) works with engines only.
 */
final class AlpnChallengeContext extends SSLContextSpi {

    private final SSLContext base;
    private final ChallengeResponder responder;

    private AlpnChallengeContext(SSLContext base, ChallengeResponder responder) {
        this.base = base;
        this.responder = responder;
    }

    static SSLContext wrap(SSLContext base, ChallengeResponder responder) {
        return new SSLContext(new AlpnChallengeContext(base, responder), base.getProvider(), base.getProtocol()) {};
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
        throw new KeyManagementException("already initialised: initialise the base context instead");
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
        return new AlpnChallengeEngine(base.createSSLEngine(), responder);
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
        return new AlpnChallengeEngine(base.createSSLEngine(host, port), responder);
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
        return base.getSocketFactory();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
        return base.getServerSocketFactory();
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
        return base.getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
        return base.getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
        return base.getDefaultSSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
        return base.getSupportedSSLParameters();
    }
}
