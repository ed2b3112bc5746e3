package onebox.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProductValidationTest {

    private TestServer server;

    @BeforeAll
    void start() throws Exception {
        server = new TestServer();
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    record Invalid(String why, String body, String detail) {
        @Override
        public String toString() {
            return why;
        }
    }

    static Stream<Invalid> invalidBodies() {
        String quantityRule = "quantity must be an integer from 0 to 2147483647";
        return Stream.of(
                new Invalid("fractional quantity", "{\"name\":\"q\",\"quantity\":1.0}", quantityRule),
                new Invalid("quantity as a string", "{\"name\":\"q\",\"quantity\":\"1\"}", quantityRule),
                new Invalid("exponent quantity", "{\"name\":\"q\",\"quantity\":1e3}", quantityRule),
                new Invalid("negative quantity", "{\"name\":\"q\",\"quantity\":-1}", quantityRule),
                new Invalid("quantity too big", "{\"name\":\"q\",\"quantity\":2147483648}", quantityRule),
                new Invalid("missing quantity", "{\"name\":\"q\"}", "quantity is required"),
                new Invalid("missing name", "{\"quantity\":1}", "name is required"),
                new Invalid("empty name", "{\"name\":\"\",\"quantity\":1}", "name must not be empty"),
                new Invalid("name too long", "{\"name\":\"" + "é".repeat(201) + "\",\"quantity\":1}",
                        "name must be at most 200 characters"),
                new Invalid("control character", "{\"name\":\"a\\u0007b\",\"quantity\":1}",
                        "name contains the control character U+0007 at index 1"),
                new Invalid("lone surrogate", "{\"name\":\"a\\ud800\",\"quantity\":1}",
                        "name contains a lone surrogate at index 1"),
                new Invalid("name not a string", "{\"name\":5,\"quantity\":1}", "name must be a string"),
                new Invalid("unknown field", "{\"name\":\"q\",\"quantity\":1,\"price\":2}",
                        "unknown field 'price'; allowed: name, quantity"),
                new Invalid("duplicate key", "{\"name\":\"q\",\"name\":\"r\",\"quantity\":1}",
                        "body is not valid JSON: Duplicate field 'name'"),
                new Invalid("array body", "[]", "body must be a JSON object"),
                new Invalid("empty body", "", "body must be a JSON object"),
                new Invalid("trailing garbage", "{\"name\":\"q\",\"quantity\":1} x", null),
                new Invalid("deep nesting", "{\"name\":" + "[".repeat(40) + "]".repeat(40) + ",\"quantity\":1}", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBodies")
    void invalidProductIsBadRequest(Invalid invalid) throws Exception {
        var response = server.json("POST", "/api/products", invalid.body());
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        if (invalid.detail() != null) {
            assertEquals(TestServer.problem(400, "Bad Request", invalid.detail(), "/api/products"), response.body());
        }
    }

    @Test
    void longestNameCountsCodePoints() throws Exception {
        String name = "🍊".repeat(200);
        var response = server.json("POST", "/api/products", "{\"name\":\"" + name + "\",\"quantity\":2147483647}");
        assertEquals(201, response.statusCode(), response.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=UTF-8", "application/merge-patch+json"})
    void jsonContentTypesAreAccepted(String contentType) throws Exception {
        var response = server.send(server.http2, server.request("/api/products/typed-" + contentType.length())
                .header("Content-Type", contentType).PUT(HttpRequest.BodyPublishers.ofString("{\"quantity\":1}")).build());
        assertEquals(201, response.statusCode(), response.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencoded", "text/plain", "application/json; charset=latin1"})
    void otherContentTypesAreUnsupported(String contentType) throws Exception {
        var response = server.send(server.http2, server.request("/api/products")
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"t\",\"quantity\":1}")).build());
        assertEquals(415, response.statusCode());
        assertEquals(TestServer.problem(415, "Unsupported Media Type",
                "Content-Type must be application/json, got " + contentType, "/api/products"), response.body());
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void bodyOverOneMebibyteIsTooLarge(HttpClient.Version version) throws Exception {
        String big = "{\"name\":\"" + "x".repeat(RequestBody.MAX_BYTES) + "\",\"quantity\":1}";
        HttpClient client = version == HttpClient.Version.HTTP_2 ? server.http2 : server.http1;
        var declared = server.send(client, server.request("/api/products").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(big)).build());
        assertEquals(413, declared.statusCode());
        assertEquals(TestServer.problem(413, "Request Entity Too Large",
                "request body is larger than 1048576 bytes", "/api/products"), declared.body());
        // Without a length (chunked on HTTP/1.1) the limit is enforced while reading.
        var streamed = server.send(client, server.request("/api/products").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes()))).build());
        assertEquals(413, streamed.statusCode());
    }

    @Test
    void listPagesThroughProductsInNameOrder() throws Exception {
        for (String name : new String[] {"page-c", "page-a", "page-b"}) {
            server.json("PUT", "/api/products/" + name, "{\"quantity\":1}");
        }
        var first = server.get("/api/products?limit=2&after=" + Cursor.after("page"));
        assertEquals(200, first.statusCode());
        String next = Cursor.after("page-b");
        assertEquals("{\"items\":[{\"name\":\"page-a\",\"quantity\":1},{\"name\":\"page-b\",\"quantity\":1}],"
                + "\"next\":\"" + next + "\"}", first.body());
        var second = server.get("/api/products?limit=2&after=" + next);
        assertTrue(second.body().startsWith("{\"items\":[{\"name\":\"page-c\",\"quantity\":1}"), second.body());
        var last = server.get("/api/products?after=" + Cursor.after("\uFFFF"));
        assertEquals("{\"items\":[],\"next\":null}", last.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=1001", "limit=-1", "limit=ten", "limit=", "after=%25%25", "after=_w"})
    void badListParametersAreBadRequest(String query) throws Exception {
        var response = server.get("/api/products?" + query);
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
    }
}
