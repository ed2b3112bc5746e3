package onebox.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import onebox.config.TestSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bearer tokens for writes; reads stay public. */
class WritePermissionTest {

    private static final String TOKEN = "s3cret-token-for-tests";
    private static final String BODY = "{\"name\":\"guarded\",\"quantity\":1}";

    @TempDir
    Path dir;

    @Test
    void withTokensAWriteWithoutOneIs401WithABearerChallenge() throws Exception {
        try (var server = withTokens()) {
            var response = send(server, "POST", "/api/products", BODY, Optional.empty());
            assertEquals(401, response.statusCode(), response.body());
            assertEquals("Bearer realm=\"onebox\"", response.headers().firstValue("WWW-Authenticate").orElseThrow());
            assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        }
    }

    @Test
    void withTokensAWrongTokenIs403AndIsNeverEchoed() throws Exception {
        try (var server = withTokens()) {
            var response = send(server, "POST", "/api/products", BODY, Optional.of("Bearer wrong-" + TOKEN));
            assertEquals(403, response.statusCode(), response.body());
            assertFalse(response.body().contains(TOKEN), response.body());
            assertEquals(401, send(server, "POST", "/api/products", BODY, Optional.of("Basic " + TOKEN)).statusCode());
        }
    }

    @Test
    void withTokensTheRightTokenWritesAndReadsNeedNone() throws Exception {
        try (var server = withTokens()) {
            assertEquals(201, send(server, "POST", "/api/products", BODY, Optional.of("Bearer " + TOKEN)).statusCode());
            assertEquals(200, send(server, "PUT", "/api/products/guarded", BODY, Optional.of("bearer " + TOKEN)).statusCode());
            assertEquals(200, send(server, "GET", "/api/products/guarded", "", Optional.empty()).statusCode());
            assertEquals(200, send(server, "GET", "/products", "", Optional.empty()).statusCode());
            assertEquals(401, send(server, "DELETE", "/api/products/guarded", "", Optional.empty()).statusCode());
            assertEquals(204, send(server, "DELETE", "/api/products/guarded", "", Optional.of("Bearer " + TOKEN)).statusCode());
        }
    }

    @Test
    void seedRoutesFollowTheSameRule() throws Exception {
        try (var server = withTokens()) {
            String seed = "{\"Name\":\"seeded\",\"quantity\":2}";
            assertEquals(401, send(server, "POST", "/product", seed, Optional.empty()).statusCode());
            assertEquals(401, send(server, "PUT", "/product", seed, Optional.empty()).statusCode());
            assertEquals(401, send(server, "DELETE", "/product", seed, Optional.empty()).statusCode());
            assertEquals(200, send(server, "POST", "/product", seed, Optional.of("Bearer " + TOKEN)).statusCode());
        }
    }

    @Test
    void withoutTokensLoopbackClientsMayWrite() throws Exception {
        try (var server = new GuardedServer(TestSettings.of())) {
            assertEquals(201, send(server, "POST", "/api/products", BODY, Optional.empty()).statusCode());
        }
    }

    private GuardedServer withTokens() throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens"), "other-token\n" + TOKEN + "\n");
        return new GuardedServer(TestSettings.of("ONEBOX_API_TOKENS_FILE", tokens.toString()));
    }

    private static HttpResponse<String> send(GuardedServer server, String method, String path, String body,
            Optional<String> authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(server.url(path))).timeout(TestServer.TIMEOUT)
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        authorization.ifPresent(value -> request.header("Authorization", value));
        return server.http2.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
