package onebox.tls.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import onebox.App;
import onebox.config.Settings;
import onebox.config.TestSettings;
import onebox.db.Database;
import onebox.db.TestDatabases;
import onebox.tls.Pem;
import onebox.tls.SelfSigned;
import onebox.tls.SwappableKeyManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole app in ACME mode against a real Pebble, called with the real curl as the issue
 * asks: {@code curl --resolve onebox.test:5001:127.0.0.1 --cacert pebble-root.pem
 * https://onebox.test:5001/api/products}. Pebble validates on 5001/5002, so the app listens there.
 */
class AcmeAppTest {

    private static final String DOMAIN = "onebox.test";
    private static final HttpClient ADMIN = HttpClient.newHttpClient();
    private static PebbleServer pebble;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startPebble() throws Exception {
        Curl.require();
        pebble = PebbleServer.start(dir, Duration.ofHours(1));
    }

    @AfterAll
    static void stopPebble() {
        if (pebble != null) {
            pebble.close();
        }
    }

    @Test
    void appObtainsCertificateOverHttp01ThatCurlTrustsAndReusesItAfterRestart(@TempDir Path run) throws Exception {
        Map<String, String> env = env(run, PebbleServer.HTTP_01_PORT);
        Path root = writeRoot(run);
        long started = System.nanoTime();
        try (App app = App.start(TestSettings.of(env), () -> { })) {
            long listening = System.nanoTime();
            Curl trusted = awaitCurl(root, Duration.ofSeconds(60));
            long done = System.nanoTime();
            System.out.println("acme app, http-01: start to first trusted response " + TimeUnit.NANOSECONDS.toMillis(done - started)
                    + " ms (App.start " + TimeUnit.NANOSECONDS.toMillis(listening - started) + " ms, most of it the embedded"
                    + " PostgreSQL's first initdb; then " + TimeUnit.NANOSECONDS.toMillis(done - listening) + " ms to the certificate)");
            assertEquals(200, trusted.status(), trusted.output());
            assertTrue(trusted.body().startsWith("{\"items\":["), trusted.output());
            assertEquals("max-age=31536000", trusted.header("strict-transport-security"));
            awaitTrue(() -> admin(app, "GET", "/readyz").statusCode() == 200, Duration.ofSeconds(30));
            assertTrue(admin(app, "GET", "/metrics").body().contains("onebox_acme_renewals_total{result=\"success\",reason=\"initial\",} 1.0"));
            assertTrue(admin(app, "GET", "/metrics").body().contains("onebox_tls_certificate_not_after_seconds{domain=\"onebox.test\",}"));

            var check = admin(app, "POST", "/tasks/check-acme");
            assertEquals(200, check.statusCode(), check.body());
            assertTrue(check.body().contains("\"account_status\":\"VALID\""), check.body());
            var renew = admin(app, "POST", "/tasks/renew-certificate");
            assertEquals(200, renew.statusCode(), renew.body());
            assertTrue(admin(app, "GET", "/metrics").body().contains("onebox_acme_renewals_total{result=\"success\",reason=\"manual\",} 1.0"));
            assertEquals(405, admin(app, "GET", "/tasks/renew-certificate").statusCode());
        }

        // A restart serves the stored certificate at once, without any order.
        long restarted = System.nanoTime();
        try (App app = App.start(TestSettings.of(env), () -> { })) {
            Curl trusted = Curl.get(DOMAIN, PebbleServer.TLS_ALPN_01_PORT, root, "/api/products");
            System.out.println("acme app, restart with the stored certificate: first trusted response after "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted) + " ms");
            assertEquals(200, trusted.status(), trusted.output());
            String metrics = admin(app, "GET", "/metrics").body();
            assertFalse(metrics.contains("onebox_acme_renewals_total{"), "no issuance attempt after restart");
        }
    }

    @Test
    void pendingCertificateAnswers503UntilTheCaComesUpThenTlsAlpn01WorksWithHttpOff(@TempDir Path run) throws Exception {
        pebble.stopCa();
        try (App app = App.start(TestSettings.of(env(run, 0)), () -> { })) {
            assertEquals(0, app.httpPort());
            Curl pending = Curl.get(DOMAIN, PebbleServer.TLS_ALPN_01_PORT, null, "/api/products");
            assertEquals(503, pending.status(), pending.output());
            assertEquals("application/problem+json", pending.header("content-type"));
            assertTrue(pending.body().contains("certificate pending"), pending.body());
            assertEquals("10", pending.header("retry-after"));
            var ready = admin(app, "GET", "/readyz");
            assertEquals(503, ready.statusCode());
            assertTrue(ready.body().contains("ACME certificate pending from " + pebble.directory()), ready.body());

            pebble.startCa();
            Path root = writeRoot(run); // a restarted Pebble has a new root
            long up = System.nanoTime();
            Curl trusted = awaitCurl(root, Duration.ofSeconds(60));
            System.out.println("acme app, tls-alpn-01 with HTTP off: first trusted response "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - up) + " ms after the CA came up");
            assertEquals(200, trusted.status(), trusted.output());
        } finally {
            if (!pebble.running()) {
                pebble.startCa();
            }
        }
    }

    @Test
    void twoInstancesOnOneDatabaseGetOneCertificateWithOneOrder(@TempDir Path run) throws Exception {
        // Pebble's HTTP-01 validation reaches only the first instance, as a load balancer may route it:
        // when the second one orders, the first answers from the database.
        ChallengeResponder firstResponder = new ChallengeResponder();
        ChallengeResponder secondResponder = new ChallengeResponder();
        SwappableKeyManager first = new SwappableKeyManager(SelfSigned.placeholder(List.of(DOMAIN)));
        SwappableKeyManager second = new SwappableKeyManager(SelfSigned.placeholder(List.of(DOMAIN)));
        Optional<String> external = Optional.ofNullable(System.getenv("TEST_PG_DSN"));
        try (Database database = Database.open(TestDatabases.settings(run, external));
                var listeners = ChallengeListeners.start(firstResponder, first, PebbleServer.freePort(), PebbleServer.HTTP_01_PORT);
                var one = new AcmeCertificateSource(config(run.resolve("one")), firstResponder, Clock.systemUTC(), Optional.of(database.dataSource()));
                var two = new AcmeCertificateSource(config(run.resolve("two")), secondResponder, Clock.systemUTC(), Optional.of(database.dataSource()))) {
            TestDatabases.awaitReady(database, Duration.ofSeconds(60));
            two.start(second);
            one.start(first);
            awaitTrue(() -> one.current().isPresent() && two.current().isPresent(), Duration.ofSeconds(60));
            assertEquals(one.current().get().leaf(), two.current().get().leaf());
            assertEquals(second.current().leaf(), first.current().leaf());
            long orders = Stream.of(one, two).mapToLong(s -> s.status().attempts().getOrDefault("success/initial", 0L)).sum();
            assertEquals(1, orders, "one order for both: " + one.status().attempts() + " " + two.status().attempts());
            System.out.println("two instances, one database: the " + (two.status().attempts().isEmpty() ? "first" : "second")
                    + " ordered, the other waited and serves the stored certificate");
        }
    }

    private static AcmeConfig config(Path certDir) {
        return new AcmeConfig(pebble.directory(), Optional.empty(), Optional.of(pebble.httpsCaFile()), List.of("http-01"),
                Optional.empty(), Optional.empty(), Optional.empty(), Settings.KeyType.EC_P256, List.of(DOMAIN), certDir,
                Integer.MAX_VALUE);
    }

    private static Map<String, String> env(Path run, int httpPort) {
        return Map.of(
                "ONEBOX_TLS", "acme",
                "ONEBOX_DOMAINS", DOMAIN,
                "ONEBOX_ACME_DIRECTORY", pebble.directory().toString(),
                "ONEBOX_ACME_CA_FILE", pebble.httpsCaFile().toString(),
                "ONEBOX_ACME_EMAIL", "ops@onebox.test",
                "ONEBOX_HTTPS_PORT", String.valueOf(PebbleServer.TLS_ALPN_01_PORT),
                "ONEBOX_HTTP_PORT", String.valueOf(httpPort),
                "ONEBOX_CERT_DIR", run.resolve("certs").toString(),
                "ONEBOX_DATA_DIR", run.resolve("data").toString());
    }

    private static Path writeRoot(Path run) throws Exception {
        Path root = run.resolve("pebble-root.pem");
        Pem.writeCertificates(root, List.of(pebble.issuingRoot()));
        return root;
    }

    private static Curl awaitCurl(Path root, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            Curl curl = Curl.get(DOMAIN, PebbleServer.TLS_ALPN_01_PORT, root, "/api/products");
            if (curl.status() == 200 || System.nanoTime() > deadline) {
                return curl;
            }
            TimeUnit.MILLISECONDS.sleep(20); // poll interval
        }
    }

    private static HttpResponse<String> admin(App app, String method, String path) {
        try {
            return ADMIN.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.adminPort() + path))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("admin " + method + " " + path + " failed", e);
        }
    }

    private static void awaitTrue(BooleanSupplier condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + limit);
            }
            TimeUnit.MILLISECONDS.sleep(50); // poll interval
        }
    }
}
