package onebox.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProductsApiTest {

    private TestServer server;

    @BeforeAll
    void start() throws Exception {
        server = new TestServer();
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    private HttpClient client(HttpClient.Version version) {
        return version == HttpClient.Version.HTTP_2 ? server.http2 : server.http1;
    }

    @ParameterizedTest
    @EnumSource(value = HttpClient.Version.class)
    void createdProductIsReadBackWithItsEtag(HttpClient.Version version) throws Exception {
        String name = "ball-" + version;
        var created = server.send(client(version), server.request("/api/products")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"quantity\":4}")).build());
        assertEquals(version, created.version());
        assertEquals(201, created.statusCode());
        assertEquals("/api/products/" + name, created.headers().firstValue("Location").orElseThrow());
        assertEquals("\"1\"", created.headers().firstValue("ETag").orElseThrow());
        assertEquals("{\"name\":\"" + name + "\",\"quantity\":4}", created.body());

        var read = server.send(client(version), server.request("/api/products/" + name).GET().build());
        assertEquals(200, read.statusCode());
        assertEquals("application/json", read.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("nosniff", read.headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertEquals("\"1\"", read.headers().firstValue("ETag").orElseThrow());
        assertEquals("{\"name\":\"" + name + "\",\"quantity\":4}", read.body());
    }

    @Test
    void duplicateCreateIsConflict() throws Exception {
        server.json("POST", "/api/products", "{\"name\":\"dup\",\"quantity\":1}");
        var again = server.json("POST", "/api/products", "{\"name\":\"dup\",\"quantity\":2}");
        assertEquals(409, again.statusCode());
        assertEquals("application/problem+json", again.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(TestServer.problem(409, "Conflict", "a product with this name already exists", "/api/products"),
                again.body());
    }

    @Test
    void unknownProductIsNotFound() throws Exception {
        var missing = server.get("/api/products/nothing-here");
        assertEquals(404, missing.statusCode());
        assertEquals(TestServer.problem(404, "Not Found", "no product with this name", "/api/products/nothing-here"),
                missing.body());
    }

    @Test
    void nameWithSlashAndUnicodeTravelsPercentEncoded() throws Exception {
        var created = server.json("POST", "/api/products", "{\"name\":\"a/b ü 🍊\",\"quantity\":3}");
        assertEquals(201, created.statusCode());
        String location = created.headers().firstValue("Location").orElseThrow();
        assertEquals("/api/products/a%2Fb%20%C3%BC%20%F0%9F%8D%8A", location);
        var read = server.get(location);
        assertEquals(200, read.statusCode());
        assertEquals("{\"name\":\"a/b ü 🍊\",\"quantity\":3}", read.body());
        assertEquals(404, server.get("/api/products/a/b").statusCode());
    }

    @Test
    void matchingIfNoneMatchIsNotModified() throws Exception {
        server.json("POST", "/api/products", "{\"name\":\"cached\",\"quantity\":1}");
        for (String tag : new String[] {"\"1\"", "*", "\"7\", \"1\"", "W/\"1\""}) {
            var response = server.send(server.http2, server.request("/api/products/cached")
                    .header("If-None-Match", tag).GET().build());
            assertEquals(304, response.statusCode(), tag);
            assertEquals("\"1\"", response.headers().firstValue("ETag").orElseThrow());
            assertEquals("", response.body());
        }
        var changed = server.send(server.http1, server.request("/api/products/cached")
                .header("If-None-Match", "\"2\"").GET().build());
        assertEquals(200, changed.statusCode());
    }

    @Test
    void putCreatesThenReplaces() throws Exception {
        var created = server.json("PUT", "/api/products/kite", "{\"quantity\":1}");
        assertEquals(201, created.statusCode());
        assertEquals("/api/products/kite", created.headers().firstValue("Location").orElseThrow());
        var replaced = server.json("PUT", "/api/products/kite", "{\"name\":\"kite\",\"quantity\":9}");
        assertEquals(200, replaced.statusCode());
        assertEquals("\"2\"", replaced.headers().firstValue("ETag").orElseThrow());
        assertEquals("{\"name\":\"kite\",\"quantity\":9}", replaced.body());
        var renamed = server.json("PUT", "/api/products/kite", "{\"name\":\"other\",\"quantity\":9}");
        assertEquals(400, renamed.statusCode());
        assertTrue(renamed.body().contains("name in the body differs from the name in the path"));
    }

    @Test
    void ifMatchGuardsWrites() throws Exception {
        server.json("PUT", "/api/products/guarded", "{\"quantity\":1}");
        assertEquals(412, server.json("PUT", "/api/products/guarded", "{\"quantity\":2}", "If-Match", "\"5\"").statusCode());
        assertEquals(412, server.json("PUT", "/api/products/guarded", "{\"quantity\":2}", "If-Match", "W/\"1\"").statusCode());
        assertEquals(200, server.json("PUT", "/api/products/guarded", "{\"quantity\":2}", "If-Match", "\"1\"").statusCode());
        assertEquals(200, server.json("PUT", "/api/products/guarded", "{\"quantity\":3}", "If-Match", "*").statusCode());
        assertEquals(412, server.json("PUT", "/api/products/absent", "{\"quantity\":3}", "If-Match", "*").statusCode());
        assertEquals(Optional.empty(), server.repository.find("absent"));
        var stale = delete("/api/products/guarded", "\"1\"");
        assertEquals(412, stale.statusCode());
        assertEquals(TestServer.problem(412, "Precondition Failed", "If-Match does not match the current version",
                "/api/products/guarded"), stale.body());
        assertEquals(204, delete("/api/products/guarded", "\"3\"").statusCode());
    }

    @Test
    void deleteAnswersNoContentThenNotFound() throws Exception {
        server.json("POST", "/api/products", "{\"name\":\"gone\",\"quantity\":1}");
        var deleted = delete("/api/products/gone", null);
        assertEquals(204, deleted.statusCode());
        assertEquals("", deleted.body());
        assertEquals(404, delete("/api/products/gone", null).statusCode());
        assertEquals(412, delete("/api/products/gone", "*").statusCode());
    }

    private HttpResponse<String> delete(String path, String ifMatch) throws Exception {
        var builder = server.request(path).DELETE();
        if (ifMatch != null) {
            builder.header("If-Match", ifMatch);
        }
        return server.send(server.http1, builder.build());
    }

    @Test
    void wrongMethodIsNotAllowedWithAllow() throws Exception {
        var onItem = server.send(server.http2, server.request("/api/products/x")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{}")).build());
        assertEquals(405, onItem.statusCode());
        assertEquals("GET, PUT, DELETE, HEAD", onItem.headers().firstValue("Allow").orElseThrow());
        assertEquals("application/problem+json", onItem.headers().firstValue("Content-Type").orElseThrow());
        var onList = server.json("DELETE", "/api/products", "");
        assertEquals(405, onList.statusCode());
        assertEquals("GET, POST, HEAD", onList.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void unknownApiPathIsProblemNotFound() throws Exception {
        var response = server.get("/api/nope");
        assertEquals(404, response.statusCode());
        assertEquals(TestServer.problem(404, "Not Found", "no such API route", "/api/nope"), response.body());
    }

    /** The list (CoalescedPages) and a point read (CoalescedReads) answer on the IO thread, alike. */
    @ParameterizedTest
    @MethodSource("outageRequests")
    void storageOutageIsServiceUnavailableWithRetryAfter(String path, HttpClient.Version version) throws Exception {
        server.repository.failWith(InMemoryProductRepository.Failure.UNAVAILABLE);
        try {
            var response = server.send(client(version), server.request(path).GET().build());
            assertEquals(503, response.statusCode());
            assertEquals("5", response.headers().firstValue("Retry-After").orElseThrow());
            assertEquals(TestServer.problem(503, "Service Unavailable",
                    "the product store is unavailable; try again shortly", path), response.body());
        } finally {
            server.repository.failWith(InMemoryProductRepository.Failure.NONE);
        }
    }

    static Stream<Arguments> outageRequests() {
        return Stream.of("/api/products", "/api/products/anything").flatMap(path ->
                Stream.of(HttpClient.Version.values()).map(version -> Arguments.of(path, version)));
    }

    /** Reads in flight together share statements (CoalescedReads); each must still get its own product. */
    @Test
    void concurrentReadsOnOneHttp2ConnectionEachGetTheirOwnProduct() throws Exception {
        int products = 20;
        for (int i = 0; i < products; i++) {
            server.json("PUT", "/api/products/many-" + i, "{\"quantity\":" + i + "}");
        }
        List<CompletableFuture<HttpResponse<String>>> reads = new ArrayList<>();
        for (int i = 0; i < 3 * (products + 1); i++) { // under the listener's limit of concurrent streams
            String name = i % (products + 1) == products ? "many-missing" : "many-" + i % (products + 1);
            reads.add(server.http2.sendAsync(server.request("/api/products/" + name).GET().build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < reads.size(); i++) {
            var response = reads.get(i).get(30, TimeUnit.SECONDS);
            int n = i % (products + 1);
            if (n == products) {
                assertEquals(404, response.statusCode());
            } else {
                assertEquals(200, response.statusCode());
                assertEquals("{\"name\":\"many-" + n + "\",\"quantity\":" + n + "}", response.body());
            }
        }
    }

    /** Requests for one page in flight together share statements (CoalescedPages); each gets the whole page. */
    @Test
    void concurrentPagesOnOneHttp2ConnectionEachGetTheirOwnPage() throws Exception {
        for (int i = 0; i < 5; i++) {
            server.json("PUT", "/api/products/page-" + i, "{\"quantity\":" + i + "}");
        }
        List<String> paths = List.of("/api/products?limit=1", "/api/products?limit=3", "/api/products?limit=2&after="
                + Cursor.after("page-1"));
        List<String> expected = new ArrayList<>();
        for (String path : paths) {
            expected.add(server.get(path).body());
        }
        List<CompletableFuture<HttpResponse<String>>> pages = new ArrayList<>();
        for (int i = 0; i < 20 * paths.size(); i++) { // under the listener's limit of concurrent streams
            pages.add(server.http2.sendAsync(server.request(paths.get(i % paths.size())).GET().build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < pages.size(); i++) {
            var response = pages.get(i).get(30, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode());
            assertEquals(expected.get(i % paths.size()), response.body(), paths.get(i % paths.size()));
        }
        assertTrue(expected.get(2).contains("\"page-2\"") && expected.get(2).contains("\"page-3\""), expected.get(2));
    }

    @Test
    void unexpectedFailureIsGenericServerErrorWithoutInternals() throws Exception {
        server.repository.failWith(InMemoryProductRepository.Failure.BUG);
        try {
            var response = server.get("/api/products/anything");
            assertEquals(500, response.statusCode());
            assertEquals(TestServer.problem(500, "Internal Server Error", "an unexpected error occurred",
                    "/api/products/anything"), response.body());
            assertFalse(response.body().contains("SELECT"));
        } finally {
            server.repository.failWith(InMemoryProductRepository.Failure.NONE);
        }
    }

    @Test
    void headReturnsHeadersWithoutBody() throws Exception {
        server.json("PUT", "/api/products/headed", "{\"quantity\":1}");
        var head = server.send(server.http1, server.request("/api/products/headed")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, head.statusCode());
        assertEquals("\"1\"", head.headers().firstValue("ETag").orElseThrow());
        assertEquals("application/json", head.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("", head.body());
    }
}
