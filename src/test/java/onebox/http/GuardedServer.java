package onebox.http;

import io.prometheus.client.CollectorRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSocket;
import onebox.config.Settings;
import onebox.http.guard.PublicGuards;
import onebox.testing.TestCertificates;
import onebox.tls.TlsPolicy;

/**
 * The public listener with the guards of the real app in front of the real routes, over an
 * in-memory repository: for tests of who may write, limits and framing that need no database.
 */
final class GuardedServer implements AutoCloseable {

    final InMemoryProductRepository repository = new InMemoryProductRepository();
    final CollectorRegistry registry = new CollectorRegistry(true);
    final PublicServer server;
    final HttpClient http2;
    final String host;
    private final StaticFiles staticFiles = StaticFiles.bundled();

    GuardedServer(Settings settings) throws Exception {
        host = settings.bind();
        http2 = TestServer.client(HttpClient.Version.HTTP_2);
        var config = new PublicServer.Config(settings.bind(), 0, 0, TlsPolicy.PROTOCOLS,
                TlsPolicy.supportedCipherSuites(), Duration.ofSeconds(2), settings.limits());
        server = PublicServer.start(config, TestCertificates.loopback().serverContext(),
                PublicGuards.wrap(PublicRoutes.handler(repository, staticFiles), settings, registry, Clock.systemUTC()),
                handler -> handler, token -> Optional.empty());
    }

    String url(String path) {
        return "https://localhost:" + server.httpsPort() + path;
    }

    /** What came back on one HTTP/1.1 connection, and whether the server closed it afterwards. */
    record Exchange(String response, boolean closed) {
        int status() {
            return Integer.parseInt(response.substring(9, 12));
        }

        /** How many status lines came back: 1 when a smuggled second request was not answered. */
        int responses() {
            return response.split("HTTP/1\\.1 \\d{3} ", -1).length - 1;
        }
    }

    /** Writes {@code request} verbatim over TLS and reads until the server closes or goes quiet for {@code quiet}. */
    Exchange raw(String request, Duration quiet) throws Exception {
        try (var socket = (SSLSocket) TestCertificates.loopback().clientContext().getSocketFactory()
                .createSocket("127.0.0.1", server.httpsPort())) {
            socket.setEnabledProtocols(new String[] {"TLSv1.3"});
            socket.setSoTimeout((int) quiet.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            var response = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                    response.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException stillOpen) {
                return new Exchange(response.toString(StandardCharsets.ISO_8859_1), false);
            } catch (IOException reset) {
                return new Exchange(response.toString(StandardCharsets.ISO_8859_1), true);
            }
            return new Exchange(response.toString(StandardCharsets.ISO_8859_1), true);
        }
    }

    static List<String> lines(String... lines) {
        return List.of(lines);
    }

    @Override
    public void close() throws Exception {
        try {
            server.close();
        } finally {
            staticFiles.close();
        }
    }
}
