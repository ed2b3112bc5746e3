package onebox.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;

/**
 * An SSLContext whose server engines and sockets start out configured with
 * {@link TlsPolicy#serverParameters()}: whatever a listener forgets to set, the policy holds.
 */
final class PolicySslContext {

    private PolicySslContext() {}

    static SSLContext wrap(SSLContext delegate) {
        return new DelegatingSslContext(delegate, PolicySslContext::configured, PolicyServerSocketFactory::new);
    }

    private static SSLEngine configured(SSLEngine engine) {
        TlsPolicy.configure(engine);
        return engine;
    }

    private static final class PolicyServerSocketFactory extends SSLServerSocketFactory {
        private final SSLServerSocketFactory delegate;

        PolicyServerSocketFactory(SSLServerSocketFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public ServerSocket createServerSocket() throws IOException {
            return configured(delegate.createServerSocket());
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            return configured(delegate.createServerSocket(port));
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog) throws IOException {
            return configured(delegate.createServerSocket(port, backlog));
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
            return configured(delegate.createServerSocket(port, backlog, address));
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return TlsPolicy.supportedCipherSuites().toArray(String[]::new);
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        private static ServerSocket configured(ServerSocket socket) {
            TlsPolicy.configure((SSLServerSocket) socket);
            return socket;
        }
    }
}
