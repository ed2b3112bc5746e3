package onebox.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import onebox.config.Secret;
import onebox.observability.BuildInfo;
import onebox.observability.Metrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdminServerTest {

    private final Metrics metrics = new Metrics(new BuildInfo("1.2.3", "abc1234", "2026-01-01T00:00:00Z"),
            Duration.ofHours(1));
    private final HttpClient client = HttpClient.newHttpClient();
    private final CountDownLatch release = new CountDownLatch(1);
    private AdminServer server;

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.close();
            server.close();
        }
        metrics.close();
        client.close();
    }

    @Test
    void healthzAnswersOkWithoutAskingTheChecks() throws Exception {
        start(Set.of(), check("database", () -> {
            throw new AssertionError("healthz must not run checks");
        }));
        assertResponse(200, "{\"status\":\"ok\"}\n", get("/healthz", null));
        assertResponse(200, "{\"status\":\"ok\"}\n", get("/__lbheartbeat__", null));
    }

    @Test
    void readyzIsOkWhenEveryCheckPasses() throws Exception {
        start(Set.of(), check("database", Optional::empty), check("certificate", Optional::empty));
        String ok = "{\"status\":\"ok\",\"checks\":{\"database\":{\"status\":\"ok\"},\"certificate\":{\"status\":\"ok\"}}}\n";
        assertResponse(200, ok, get("/readyz", null));
        assertResponse(200, ok, get("/__heartbeat__", null));
    }

    @Test
    void readyzNamesTheFailingCheckAndTheOneThatHangs() throws Exception {
        start(Set.of(),
                check("database", () -> Optional.of("connection refused")),
                check("certificate", () -> {
                    release.await();
                    return Optional.empty();
                }));
        long start = System.nanoTime();
        HttpResponse<String> response = get("/readyz", null);
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
        assertResponse(503, "{\"status\":\"failing\",\"checks\":{"
                + "\"database\":{\"status\":\"failing\",\"problem\":\"connection refused\"},"
                + "\"certificate\":{\"status\":\"failing\",\"problem\":\"no answer within 2000 ms\"}}}\n", response);
    }

    @Test
    void versionReportsTheBuild() throws Exception {
        start(Set.of());
        HttpResponse<String> response = get("/__version__", null);
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"version\":\"1.2.3\""), response.body());
        assertTrue(response.body().contains("\"commit\":\"abc1234\""), response.body());
        assertTrue(response.body().contains("\"build_time\":\"2026-01-01T00:00:00Z\""), response.body());
    }

    @Test
    void metricsAreInPrometheusTextFormat() throws Exception {
        start(Set.of());
        HttpResponse<String> response = get("/metrics", null);
        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8",
                response.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(response.body().contains("# TYPE http_server_request_duration_seconds histogram"));
        assertTrue(response.body().contains("onebox_build_info{version=\"1.2.3\",commit=\"abc1234\",} 1.0"));
    }

    @Test
    void withTokensEveryPathButLivenessNeedsABearerToken() throws Exception {
        start(Set.of(new Secret("s3cret-token")));
        assertEquals(200, get("/healthz", null).statusCode());
        assertEquals(200, get("/__lbheartbeat__", null).statusCode());
        for (String path : List.of("/readyz", "/__heartbeat__", "/__version__", "/metrics", "/status.json")) {
            assertEquals(401, get(path, null).statusCode(), path);
            assertEquals(401, get(path, "Bearer wrong").statusCode(), path);
            assertEquals(401, get(path, "Basic czNjcmV0LXRva2Vu").statusCode(), path);
            assertEquals(200, get(path, "Bearer s3cret-token").statusCode(), path);
        }
        assertEquals("Bearer realm=\"onebox-admin\"",
                get("/metrics", null).headers().firstValue("WWW-Authenticate").orElseThrow());
    }

    @Test
    void tasksRunOnPostBehindTheTokensAndAnswerJson() throws Exception {
        List<AdminTask> tasks = List.of(new AdminTask("renew-certificate", () -> Map.of("serial", "2a")),
                new AdminTask("check-acme", () -> {
                    throw new IllegalStateException("CA unreachable");
                }));
        server = AdminServer.start(new AdminServer.Config("127.0.0.1", 0, Set.of(new Secret("s3cret-token"))), metrics,
                List::of, tasks, Clock.systemUTC(), Optional.empty());
        assertEquals(401, post("/tasks/renew-certificate", null).statusCode());
        assertResponse(200, "{\"task\":\"renew-certificate\",\"status\":\"ok\",\"serial\":\"2a\"}\n",
                post("/tasks/renew-certificate", "Bearer s3cret-token"));
        assertResponse(500, "{\"task\":\"check-acme\",\"status\":\"failed\",\"detail\":\"CA unreachable\"}\n",
                post("/tasks/check-acme", "Bearer s3cret-token"));
        assertEquals(405, get("/tasks/renew-certificate", "Bearer s3cret-token").statusCode());
    }

    @Test
    void statusPageIsOneSelfContainedFileUnderAStrictPolicy() throws Exception {
        start(Set.of());
        HttpResponse<String> page = get("/", null);
        assertEquals(200, page.statusCode());
        String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(policy.startsWith("default-src 'none'; script-src 'sha256-"), policy);
        assertTrue(!policy.contains("unsafe-inline") && !policy.contains("http"), policy);
        assertTrue(!page.body().contains("src=\"http") && !page.body().contains("href=\"http"));
    }

    @Test
    void unknownAdminPathIsNotFound() throws Exception {
        start(Set.of());
        assertEquals(404, get("/admin", null).statusCode());
    }

    private void start(Set<Secret> tokens, ReadinessCheck... checks) {
        server = AdminServer.start(new AdminServer.Config("127.0.0.1", 0, tokens), metrics,
                () -> List.of(checks), List.of(), Clock.systemUTC(), Optional.empty());
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertResponse(int status, String body, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(body, response.body());
    }

    interface Problem {
        Optional<String> get() throws Exception;
    }

    private static ReadinessCheck check(String name, Problem problem) {
        return ReadinessCheck.of(name, () -> {
            try {
                return problem.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of("interrupted");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
