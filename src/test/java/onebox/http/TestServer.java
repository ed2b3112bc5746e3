package onebox.http;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSocket;
import onebox.config.ListenerLimits;
import onebox.testing.TestCertificates;
import onebox.tls.TlsPolicy;

/** The real {@link PublicServer} on loopback, ephemeral ports, with clients that trust its certificate. */
final class TestServer implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    final InMemoryProductRepository repository = new InMemoryProductRepository();
    final PublicServer server;
    final HttpClient http2;
    final HttpClient http1;
    private final StaticFiles staticFiles;

    TestServer(Optional<Path> staticDir, Map<String, String> acmeTokens, PublicServer.Config config) throws Exception {
        this(StaticFiles.from(staticDir), acmeTokens, config);
    }

    /** Serves {@code staticFiles}, and closes them with the server. */
    TestServer(StaticFiles staticFiles, Map<String, String> acmeTokens, PublicServer.Config config) throws Exception {
        this.staticFiles = staticFiles;
        server = PublicServer.start(config, TestCertificates.loopback().serverContext(),
                PublicRoutes.handler(repository, staticFiles), handler -> handler,
                token -> Optional.ofNullable(acmeTokens.get(token)));
        http2 = client(HttpClient.Version.HTTP_2);
        http1 = client(HttpClient.Version.HTTP_1_1);
    }

    TestServer() throws Exception {
        this(Optional.empty(), Map.of(), config());
    }

    static PublicServer.Config config() {
        return new PublicServer.Config("127.0.0.1", 0, 0, TlsPolicy.PROTOCOLS, TlsPolicy.supportedCipherSuites(),
                Duration.ofSeconds(5), ListenerLimits.DEFAULTS);
    }

    static HttpClient client(HttpClient.Version version) throws Exception {
        return HttpClient.newBuilder().version(version).connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(TestCertificates.loopback().clientContext()).build();
    }

    URI uri(String rawPathAndQuery) {
        return URI.create("https://127.0.0.1:" + server.httpsPort() + rawPathAndQuery);
    }

    HttpRequest.Builder request(String rawPathAndQuery) {
        return HttpRequest.newBuilder(uri(rawPathAndQuery)).timeout(TIMEOUT);
    }

    HttpResponse<String> send(HttpClient client, HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(String rawPathAndQuery) throws Exception {
        return send(http2, request(rawPathAndQuery).GET().build());
    }

    HttpResponse<String> json(String method, String rawPathAndQuery, String body, String... headers) throws Exception {
        var builder = request(rawPathAndQuery).method(method, HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return send(http2, builder.build());
    }

    /** For request targets HttpClient refuses to send (backslashes, raw NUL): HTTP/1.1 over a TLS socket. */
    String raw(String requestTarget) throws Exception {
        try (var socket = (SSLSocket) TestCertificates.loopback().clientContext().getSocketFactory()
                .createSocket("127.0.0.1", server.httpsPort())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + requestTarget + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            var response = new ByteArrayOutputStream();
            in.transferTo(response);
            return response.toString(StandardCharsets.ISO_8859_1);
        }
    }

    static String problem(int status, String title, String detail, String instance) {
        return "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\",\"instance\":\"" + instance + "\"}";
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
