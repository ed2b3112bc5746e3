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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import onebox.config.Secret;
import onebox.observability.BuildInfo;
import onebox.observability.Metrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HandoverEndpointTest {

    private final Metrics metrics = new Metrics(new BuildInfo("1.2.3", "abc1234", "2026-01-01T00:00:00Z"),
            Duration.ofHours(1));
    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicInteger handOvers = new AtomicInteger();
    private final CountDownLatch handedOver = new CountDownLatch(1);
    private AdminServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        metrics.close();
        client.close();
    }

    @Test
    void handoverIsAcceptedOnceAndRunsAfterTheAnswer() throws Exception {
        start(Set.of());
        HttpResponse<String> first = send("POST", null);
        assertEquals(202, first.statusCode(), first.body());
        assertTrue(first.body().contains("\"pid\":" + ProcessHandle.current().pid()), first.body());
        assertTrue(handedOver.await(10, TimeUnit.SECONDS), "the hand-over action did not run");
        assertEquals(409, send("POST", null).statusCode());
        assertEquals(1, handOvers.get());
    }

    @Test
    void handoverNeedsPost() throws Exception {
        start(Set.of());
        HttpResponse<String> get = send("GET", null);
        assertEquals(405, get.statusCode());
        assertEquals(Optional.of("POST"), get.headers().firstValue("Allow"));
        assertEquals(0, handOvers.get());
    }

    @Test
    void handoverNeedsAnAdminTokenWhenTokensAreSet() throws Exception {
        start(Set.of(new Secret("s3cret-admin-token")));
        assertEquals(401, send("POST", null).statusCode());
        assertEquals(401, send("POST", "Bearer wrong").statusCode());
        assertEquals(202, send("POST", "Bearer s3cret-admin-token").statusCode());
        assertTrue(handedOver.await(10, TimeUnit.SECONDS), "the hand-over action did not run");
    }

    @Test
    void withoutAnActionThereIsNoHandoverRoute() throws Exception {
        server = AdminServer.start(new AdminServer.Config("127.0.0.1", 0, Set.of()), metrics, List::of,
                List.of(), Clock.systemUTC(), Optional.empty());
        assertEquals(404, send("POST", null).statusCode());
    }

    private void start(Set<Secret> tokens) {
        server = AdminServer.start(new AdminServer.Config("127.0.0.1", 0, tokens), metrics, List::of, List.of(),
                Clock.systemUTC(), Optional.of(() -> {
                    handOvers.incrementAndGet();
                    handedOver.countDown();
                }));
    }

    private HttpResponse<String> send(String method, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/admin/handover"))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
