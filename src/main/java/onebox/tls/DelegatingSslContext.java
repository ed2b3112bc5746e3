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
 * An already initialised SSLContext whose engines come from elsewhere and whose server socket
 * factory passes through an adapter: how the TLS policy, BoringSSL's engine and the ACME
 * TLS-ALPN-01 responder attach themselves to the listener's context. Everything else is the
 * base context's.
 */
public final class DelegatingSslContext extends SSLContext {

    /** Makes an engine for a peer; {@code (null, -1)} when the peer is not known. */
    @FunctionalInterface
    public interface Engines {
        SSLEngine create(String peerHost, int peerPort);
    }

    private DelegatingSslContext(Spi spi, SSLContext base) {
        super(spi, base.getProvider(), base.getProtocol());
    }

    /** The base's engines and server sockets, each adapted. */
    static SSLContext adapting(SSLContext base, UnaryOperator<SSLEngine> engines,
            UnaryOperator<SSLServerSocketFactory> serverSockets) {
        return new DelegatingSslContext(new Spi(base, (host, port) -> engines.apply(base.createSSLEngine(host, port)),
                serverSockets, base.getServerSessionContext()), base);
    }

    /** Engines from the factory, whose sessions are {@code serverSessions}; server sockets as the base makes them. */
    public static SSLContext withEngines(SSLContext base, Engines engines, SSLSessionContext serverSessions) {
        return new DelegatingSslContext(new Spi(base, engines, UnaryOperator.identity(), serverSessions), base);
    }

    private static final class Spi extends SSLContextSpi {
        private final SSLContext base;
        private final Engines engines;
        private final UnaryOperator<SSLServerSocketFactory> serverSockets;
        private final SSLSessionContext serverSessions;

        Spi(SSLContext base, Engines engines, UnaryOperator<SSLServerSocketFactory> serverSockets,
                SSLSessionContext serverSessions) {
            this.base = base;
            this.engines = engines;
            this.serverSockets = serverSockets;
            this.serverSessions = serverSessions;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) throws KeyManagementException {
            throw new KeyManagementException("already initialised: initialise the base context instead");
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return engines.create(null, -1);
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return engines.create(host, port);
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
            return serverSessions;
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
