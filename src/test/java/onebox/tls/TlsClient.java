package onebox.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** One client connection to a {@link TlsEchoServer}, with what the handshake settled. */
final class TlsClient implements AutoCloseable {

    private final SSLSocket socket;
    private final BufferedReader in;

    TlsClient(SSLContext context, int port, String[] protocols, String[] cipherSuites) throws IOException {
        socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port);
        socket.setSoTimeout(10_000);
        SSLParameters parameters = socket.getSSLParameters();
        // Check the name as HttpClient does, so a certificate without localhost fails here too.
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (protocols != null) {
            parameters.setProtocols(protocols);
        }
        if (cipherSuites != null) {
            parameters.setCipherSuites(cipherSuites);
        }
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    static TlsClient connect(SSLContext context, int port) throws IOException {
        return new TlsClient(context, port, null, null);
    }

    String protocol() {
        return socket.getSession().getProtocol();
    }

    String cipherSuite() {
        return socket.getSession().getCipherSuite();
    }

    BigInteger serverSerial() throws IOException {
        return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
    }

    String echo(String line) throws IOException {
        socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        return in.readLine();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
