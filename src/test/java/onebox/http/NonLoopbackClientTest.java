package onebox.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import onebox.config.TestSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that is not on loopback, in its own network namespace: it may not write without
 * a token, and it is rate limited, while loopback clients are neither.
 */
@Timeout(120)
class NonLoopbackClientTest {

    private static final String TOKEN = "veth-test-token";
    private static final String BODY = "{\"name\":\"remote\",\"quantity\":1}";

    static VethPair veth;

    @TempDir
    Path dir;

    @BeforeAll
    static void createNamespace() throws Exception {
        VethPair.assumeAvailable();
        veth = VethPair.create();
    }

    @AfterAll
    static void removeNamespace() throws Exception {
        if (veth != null) {
            veth.close();
        }
    }

    @Test
    void withoutTokensARemoteWriteIsForbiddenAndSaysHowToConfigureTokens() throws Exception {
        try (var server = new GuardedServer(TestSettings.of("ONEBOX_BIND", veth.hostAddress))) {
            String response = curl(server, "-i", "-X", "POST", "-H", "Content-Type: application/json", "-d", BODY,
                    url(server, "/api/products"));
            assertTrue(response.startsWith("HTTP/1.1 403"), response);
            assertTrue(response.contains("application/problem+json"), response);
            assertTrue(response.contains("ONEBOX_API_TOKENS_FILE"), response);
            assertEquals(List.of("200"), codes(server, 1, "/api/products"), "reads stay public");
            assertTrue(server.repository.find("remote").isEmpty());
        }
    }

    @Test
    void withTokensARemoteWriteNeedsOne() throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens"), TOKEN + "\n");
        try (var server = new GuardedServer(TestSettings.of("ONEBOX_BIND", veth.hostAddress,
                "ONEBOX_API_TOKENS_FILE", tokens.toString()))) {
            String denied = curl(server, "-i", "-X", "POST", "-H", "Content-Type: application/json", "-d", BODY,
                    url(server, "/api/products"));
            assertTrue(denied.startsWith("HTTP/1.1 401"), denied);
            assertTrue(denied.contains("WWW-Authenticate: Bearer realm=\"onebox\""), denied);
            String created = curl(server, "-i", "-X", "POST", "-H", "Content-Type: application/json",
                    "-H", "Authorization: Bearer " + TOKEN, "-d", BODY, url(server, "/api/products"));
            assertTrue(created.startsWith("HTTP/1.1 201"), created);
        }
    }

    @Test
    void aRemoteClientOverItsRateGets429WithRetryAfter() throws Exception {
        try (var server = new GuardedServer(TestSettings.of("ONEBOX_BIND", veth.hostAddress,
                "ONEBOX_RATE_LIMIT", "0.5", "ONEBOX_RATE_BURST", "5"))) {
            List<String> codes = codes(server, 12, "/api/products");
            assertEquals(Collections.nCopies(5, "200"), codes.subList(0, 5), codes.toString());
            assertEquals(Collections.nCopies(7, "429"), codes.subList(5, 12), codes.toString());
            String limited = curl(server, "-i", url(server, "/api/products"));
            assertTrue(limited.startsWith("HTTP/1.1 429"), limited);
            // At 0.5 requests/s the next token is at most 2 s away.
            assertTrue(limited.matches("(?s).*\nRetry-After: [12]\n.*"), limited);
            assertTrue(limited.contains("application/problem+json"), limited);
            assertEquals(8.0, server.registry.getSampleValue("onebox_rate_limited_total"));
        }
    }

    @Test
    void loopbackClientsAreNotRateLimited() throws Exception {
        try (var server = new GuardedServer(TestSettings.of("ONEBOX_RATE_LIMIT", "0.5", "ONEBOX_RATE_BURST", "2"))) {
            for (int i = 0; i < 20; i++) {
                var response = server.http2.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(server.url("/api/products"))).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding());
                assertEquals(200, response.statusCode(), "request " + i);
            }
            assertEquals(0.0, server.registry.getSampleValue("onebox_rate_limited_total"));
        }
    }

    /** Status codes of {@code count} GETs over one HTTP/1.1 connection from inside the namespace. */
    private static List<String> codes(GuardedServer server, int count, String path) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("-w", "%{http_code}\\n"));
        for (int i = 0; i < count; i++) {
            arguments.addAll(List.of("-o", "/dev/null", url(server, path)));
        }
        return curl(server, arguments.toArray(String[]::new)).lines().toList();
    }

    private static String curl(GuardedServer server, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--http1.1", "--max-time", "10",
                // The test certificate names localhost; this is a test of who may do what, not of TLS.
                "--insecure", "--resolve", "localhost:" + server.server.httpsPort() + ":" + veth.hostAddress));
        command.addAll(List.of(arguments));
        return veth.inside(command.toArray(String[]::new)).replace("\r\n", "\n");
    }

    private static String url(GuardedServer server, String path) {
        return server.url(path);
    }
}
