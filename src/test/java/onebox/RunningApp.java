package onebox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import onebox.config.TestSettings;
import onebox.testing.TestCertificates;

/**
 * The whole app in this JVM (embedded PostgreSQL, dev CA) for tests that attack it, with an
 * HTTP/1.1 client and raw TLS sockets trusting the dev CA.
 */
final class RunningApp implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    final App app;
    final SSLContext tls;
    final HttpClient http;

    RunningApp(Path dir, String... overrides) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of(
                "ONEBOX_CERT_DIR", dir.resolve("certs").toString(),
                "ONEBOX_DATA_DIR", dir.resolve("data").toString()));
        for (int i = 0; i < overrides.length; i += 2) {
            env.put(overrides[i], overrides[i + 1]);
        }
        app = App.start(TestSettings.of(env), () -> { });
        tls = TestCertificates.clientTrusting(dir.resolve("certs/dev-ca.pem"));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls).connectTimeout(TIMEOUT).build();
        awaitReady();
    }

    URI uri(String rawPath) {
        return URI.create("https://localhost:" + app.httpsPort() + rawPath);
    }

    HttpResponse<String> send(String method, String rawPath, String contentType, byte[] body) throws Exception {
        var request = HttpRequest.newBuilder(uri(rawPath)).timeout(TIMEOUT)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(String rawPath) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(rawPath)).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    SSLSocket socket() throws IOException {
        var socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", app.httpsPort());
        socket.setSoTimeout((int) TIMEOUT.toMillis());
        return socket;
    }

    /** Sends {@code request} verbatim and reads to the end (or until the server goes quiet). */
    String raw(byte[] request) throws IOException {
        try (SSLSocket socket = socket()) {
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            var response = new ByteArrayOutputStream();
            try {
                in.transferTo(response);
            } catch (SocketTimeoutException quiet) {
                // keep-alive: what came so far is the answer
            }
            return response.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private void awaitReady() throws Exception {
        var admin = HttpClient.newHttpClient();
        var readyz = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.adminPort() + "/readyz")).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (admin.send(readyz, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not ready within 60 s");
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() {
        app.close();
    }
}
