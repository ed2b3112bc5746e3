package onebox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import onebox.config.Settings;
import onebox.config.TestSettings;
import onebox.testing.Ports;
import onebox.testing.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole app as a user gets it from {@code scripts/run}: embedded PostgreSQL, the dev CA,
 * public HTTPS and HTTP, the admin listener. Driven over real HTTPS trusting dev-ca.pem.
 */
class AppTest {

    @TempDir
    static Path dir;

    static Settings settings;
    static App app;
    static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        settings = TestSettings.of(
                "ONEBOX_CERT_DIR", dir.resolve("certs").toString(),
                "ONEBOX_DATA_DIR", dir.resolve("data").toString(),
                "ONEBOX_HTTP_PORT", String.valueOf(Ports.free()));
        app = App.start(settings, () -> { });
        client = HttpClient.newBuilder()
                .sslContext(TestCertificates.clientTrusting(dir.resolve("certs/dev-ca.pem")))
                .build();
        awaitReady();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void servesTheApiOverHttp2TrustingTheDevCa() throws Exception {
        var response = get("https://localhost:" + app.httpsPort() + "/api/products?limit=1");
        assertEquals(200, response.statusCode());
        assertEquals(HttpClient.Version.HTTP_2, response.version());
        assertTrue(response.body().startsWith("{\"items\":["), response.body());
        assertEquals(Optional.empty(), response.headers().firstValue("Strict-Transport-Security"),
                "no HSTS for a dev CA: it would pin browsers to HTTPS on localhost");
    }

    @Test
    void createdProductIsStoredInPostgresAndReadBack() throws Exception {
        var created = client.send(HttpRequest.newBuilder(URI.create(publicUrl("/api/products")))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"app test ball\",\"quantity\":4}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("/api/products/app%20test%20ball", created.headers().firstValue("Location").orElseThrow());

        var read = get(publicUrl("/api/products/app%20test%20ball"));
        assertEquals(200, read.statusCode());
        assertEquals("{\"name\":\"app test ball\",\"quantity\":4}", read.body());
        assertTrue(read.headers().firstValue("ETag").isPresent());
    }

    @Test
    void adminListenerReportsHealthReadinessAndMetrics() throws Exception {
        assertEquals(200, get(publicUrl("/api/products")).statusCode());
        assertEquals(200, get(adminUrl("/healthz")).statusCode());
        var ready = get(adminUrl("/readyz"));
        assertEquals(200, ready.statusCode(), ready.body());
        for (String check : new String[] {"database", "migrations", "certificate", "listeners"}) {
            assertTrue(ready.body().contains("\"" + check + "\""), ready.body());
        }
        var metrics = get(adminUrl("/metrics"));
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("onebox_db_up"), "db metrics exported");
        assertTrue(metrics.body().contains("onebox_db_query_duration_seconds_count{operation=\"product_list\",}"),
                "repository calls timed by operation");
        assertTrue(metrics.body().contains("onebox_tls_certificate_not_after_seconds{domain=\"localhost\",}"),
                "certificate metrics exported");
    }

    @Test
    void metricsAndAdminPathsAreNotServedPublicly() throws Exception {
        for (String path : new String[] {"/metrics", "/healthz", "/readyz", "/__version__"}) {
            assertEquals(404, get(publicUrl(path)).statusCode(), path);
        }
    }

    @Test
    void plainHttpRedirectsToHttps() throws Exception {
        var response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + app.httpPort() + "/api/products?limit=2")).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(308, response.statusCode());
        assertEquals("https://localhost:" + app.httpsPort() + "/api/products?limit=2",
                response.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void devCaKeysAreOwnerOnly() throws Exception {
        for (String key : new String[] {"dev-ca-key.pem", "dev-key.pem"}) {
            assertEquals("rw-------",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("certs").resolve(key))));
        }
    }

    private static void awaitReady() throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (get(adminUrl("/readyz")).statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not ready within 60 s: " + get(adminUrl("/readyz")).body());
            }
            Thread.sleep(100);
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String publicUrl(String path) {
        return "https://localhost:" + app.httpsPort() + path;
    }

    private static String adminUrl(String path) {
        return "http://127.0.0.1:" + app.adminPort() + path;
    }
}
