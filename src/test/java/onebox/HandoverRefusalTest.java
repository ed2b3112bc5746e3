package onebox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import onebox.config.Settings;
import onebox.config.TestSettings;
import onebox.testing.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the embedded database two processes cannot share the data, so a second onebox with
 * the same settings must refuse to take over, before it touches the database, and leave
 * the running one alone. (The hand-over itself, with PG_DSN, is scripts/e2e/handover.sh.)
 */
class HandoverRefusalTest {

    @TempDir
    Path dir;

    @Test
    void secondStartWithTheEmbeddedDatabaseRefusesAndLeavesTheFirstServing() throws Exception {
        Settings settings = TestSettings.of(
                "ONEBOX_CERT_DIR", dir.resolve("certs").toString(),
                "ONEBOX_DATA_DIR", dir.resolve("data").toString(),
                "ONEBOX_ADMIN_PORT", String.valueOf(Ports.free()));
        try (App first = App.start(settings, () -> {
            throw new AssertionError("the first onebox must not hand over");
        }); HttpClient client = HttpClient.newHttpClient()) {
            var refused = assertThrows(IllegalStateException.class, () -> App.start(settings, () -> { }));
            assertEquals("another onebox answers on ONEBOX_ADMIN_PORT " + settings.adminPort()
                    + "; taking over from it needs PG_DSN (an external PostgreSQL): stop it first", refused.getMessage());

            var health = client.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + first.adminPort() + "/healthz"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertTrue(first.httpsPort() > 0);
        }
    }
}
