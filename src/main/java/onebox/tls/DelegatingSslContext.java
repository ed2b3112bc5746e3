package onebox.tls;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.function.UnaryOperator;
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
 * An already initialised SSLContext whose server engines (and server socket factory) pass
 * through an adapter: how the TLS policy and the ACME TLS-ALPN-01 responder attach
 * themselves to the listener's context. Everything else is the base context's.
 */
public final class DelegatingSslContext extends SSLContext {

    public DelegatingSslContext(SSLContext base, UnaryOperator<SSLEngine> engines,
            UnaryOperator<SSLServerSocketFactory> serverSockets) {
        super(new Spi(base, engines, serverSockets), base.getProvider(), base.getProtocol());
    }

    /** Engines adapted, server sockets as the base makes them (listeners that use engines only). */
    public static SSLContext adaptingEngines(SSLContext base, UnaryOperator<SSLEngine> engines) {
        return new DelegatingSslContext(base, engines, UnaryOperator.identity());
    }

    private static final class Spi extends SSLContextSpi {
        private final SSLContext base;
        private final UnaryOperator<SSLEngine> engines;
        private final UnaryOperator<SSLServerSocketFactory> serverSockets;

        Spi(SSLContext base, UnaryOperator<SSLEngine> engines, UnaryOperator<SSLServerSocketFactory> serverSockets) {
            this.base = base;
            this.engines = engines;
            this.serverSockets = serverSockets;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) throws KeyManagementException {
            throw new KeyManagementException("already initialised: initialise the base context instead");
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return engines.apply(base.createSSLEngine());
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return engines.apply(base.createSSLEngine(host, port));
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return base.getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return serverSockets.apply(base.getServerSocketFactory());
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
}
