package onebox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import onebox.tls.Pem;
import onebox.tls.TlsPolicy;

/**
 * The requests of {@code --aot-train} ({@link AotTraining}): what API clients and monitoring
 * send, over HTTPS with HTTP/1.1 and then HTTP/2, a bounded number of rounds. Every answer's
 * status is checked: a run that took error paths instead of the real ones must fail, not
 * quietly train the cache on them.
 */
final class TrainingRequests {

    /** Enough rounds for the JIT to profile the request paths; few enough to take seconds. */
    private static final int ROUNDS = 20;
    private static final int REQUESTS_PER_ROUND = 10;
    private static final List<HttpClient.Version> VERSIONS = List.of(HttpClient.Version.HTTP_1_1, HttpClient.Version.HTTP_2);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DEADLINE = Duration.ofMinutes(2);

    private final URI publicBase;
    private final URI adminBase;
    private final Path caFile;
    private final List<String> mismatches = new ArrayList<>();

    TrainingRequests(int httpsPort, int adminPort, Path caFile) {
        this.publicBase = URI.create("https://localhost:" + httpsPort);
        this.adminBase = URI.create("http://127.0.0.1:" + adminPort);
        this.caFile = caFile;
    }

    static int count() {
        return VERSIONS.size() * ROUNDS * REQUESTS_PER_ROUND;
    }

    /** Sends every request; returns the unexpected answers ("GET /x over HTTP_2: 500, expected 200"). */
    List<String> send() throws IOException, InterruptedException {
        SSLContext trust = trusting(caFile);
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        for (HttpClient.Version version : VERSIONS) {
            try (HttpClient client = HttpClient.newBuilder().version(version).sslContext(trust)
                    .connectTimeout(REQUEST_TIMEOUT).build()) {
                for (int round = 0; round < ROUNDS; round++) {
                    if (System.nanoTime() > deadline) {
                        mismatches.add("not done within " + DEADLINE);
                        return List.copyOf(mismatches);
                    }
                    round(client, "aot-train-" + version.ordinal() + "-" + round);
                }
            }
        }
        return List.copyOf(mismatches);
    }

    private void round(HttpClient client, String name) throws IOException, InterruptedException {
        URI product = publicBase.resolve("/api/products/" + name);
        expect(client, request(publicBase.resolve("/")).GET(), 200);
        expect(client, request(product).GET(), 404);
        expect(client, withJson(request(publicBase.resolve("/api/products")), "POST", name, 1), 201);
        String etag = expect(client, request(product).GET(), 200).headers().firstValue("ETag").orElse("\"none\"");
        expect(client, request(product).header("If-None-Match", etag).GET(), 304);
        expect(client, withJson(request(product), "PUT", name, 2), 200);
        expect(client, request(publicBase.resolve("/api/products?limit=50")).GET(), 200);
        expect(client, request(product).DELETE(), 204);
        // The admin listener is plain HTTP/1.1, as Prometheus and health checks reach it.
        expect(client, request(adminBase.resolve("/readyz")).version(HttpClient.Version.HTTP_1_1).GET(), 200);
        expect(client, request(adminBase.resolve("/metrics")).version(HttpClient.Version.HTTP_1_1).GET(), 200);
    }

    private static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT);
    }

    private static HttpRequest.Builder withJson(HttpRequest.Builder builder, String method, String name, int quantity) {
        String body = "{\"name\":\"" + name + "\",\"quantity\":" + quantity + "}";
        return builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> expect(HttpClient client, HttpRequest.Builder builder, int status)
            throws IOException, InterruptedException {
        HttpRequest request = builder.build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != status) {
            mismatches.add(request.method() + " " + request.uri().getPath() + " over " + response.version() + ": "
                    + response.statusCode() + ", expected " + status);
        }
        return response;
    }

    /** An SSLContext that trusts only the dev CA the throwaway onebox created. */
    private static SSLContext trusting(Path caFile) throws IOException {
        try {
            return TlsPolicy.clientTrusting(Pem.readCertificates(caFile));
        } catch (GeneralSecurityException e) {
            throw new IOException("the dev CA " + caFile + " is unusable: " + e.getMessage(), e);
        }
    }
}
