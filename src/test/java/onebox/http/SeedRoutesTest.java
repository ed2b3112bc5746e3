package onebox.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The seed write-up's Go service, as its clients saw it. */
class SeedRoutesTest {

    /** One curl call of the write-up's "Interaction" section: method, path, -d body, printed output. */
    record Call(String method, String path, String body, String output) {}

    /** The five /product calls of the transcript, in order (the first call, "/", now serves the page). */
    static final List<Call> TRANSCRIPT = List.of(
            new Call("POST", "/product", "{\"Name\":\"ball\",\"quantity\":4}", "{\"Name\":\"ball\",\"quantity\":4}\n"),
            new Call("POST", "/product", "{\"Name\":\"oranges\",\"quantity\":2}", "{\"Name\":\"oranges\",\"quantity\":2}\n"),
            new Call("GET", "/product?name=oranges", null, "{\"Name\":\"oranges\",\"quantity\":2}\n"),
            new Call("PUT", "/product", "{\"Name\":\"ball\",\"quantity\":5}", "{\"Name\":\"ball\",\"quantity\":5}\n"),
            new Call("DELETE", "/product", "{\"Name\":\"ball\",\"quantity\":5}", "{\"Name\":\"ball\",\"quantity\":5}\n"));

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void transcriptReplaysByteForByte(HttpClient.Version version) throws Exception {
        try (var server = new TestServer()) {
            HttpClient client = TestServer.client(version);
            for (Call call : TRANSCRIPT) {
                var request = server.request(call.path());
                if (call.body() == null) {
                    request.GET();
                } else {
                    // curl -d sends a form content type; the seed read JSON regardless.
                    request.header("Content-Type", "application/x-www-form-urlencoded")
                            .method(call.method(), HttpRequest.BodyPublishers.ofString(call.body()));
                }
                HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, response.statusCode(), call.toString());
                assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
                assertArrayEquals(call.output().getBytes(StandardCharsets.UTF_8), response.body(), call.toString());
            }
            assertEquals("[{\"Name\":\"oranges\",\"quantity\":2}]\n", server.get("/products").body());
        }
    }

    @Test
    void emptyListIsAnEmptyArray() throws Exception {
        try (var server = new TestServer()) {
            var response = server.get("/products");
            assertEquals(200, response.statusCode());
            assertEquals("[]\n", response.body());
        }
    }

    @Test
    void missingProductIsNotFound() throws Exception {
        try (var server = new TestServer()) {
            var response = server.get("/product?name=ghost");
            assertEquals(404, response.statusCode());
            assertEquals(TestServer.problem(404, "Not Found", "no product with this name", "/product"), response.body());
            assertEquals(404, seed(server, "PUT", "{\"Name\":\"ghost\",\"quantity\":1}").statusCode());
            assertEquals(404, seed(server, "DELETE", "{\"Name\":\"ghost\",\"quantity\":1}").statusCode());
        }
    }

    @Test
    void duplicateCreateIsConflict() throws Exception {
        try (var server = new TestServer()) {
            seed(server, "POST", "{\"Name\":\"ball\",\"quantity\":4}");
            assertEquals(409, seed(server, "POST", "{\"Name\":\"ball\",\"quantity\":4}").statusCode());
        }
    }

    @Test
    void keysMatchCaseInsensitivelyAndUnknownOnesAreIgnoredLikeGo() throws Exception {
        try (var server = new TestServer()) {
            var response = seed(server, "POST", "{\"NAME\":\"x\",\"name\":\"kite\",\"Quantity\":3,\"colour\":{\"a\":[1]}}");
            assertEquals("{\"Name\":\"kite\",\"quantity\":3}\n", response.body());
            assertEquals("{\"Name\":\"kite\",\"quantity\":3}\n", server.get("/product?name=kite").body());
            var noQuantity = seed(server, "POST", "{\"name\":\"zero\"}");
            assertEquals("{\"Name\":\"zero\",\"quantity\":0}\n", noQuantity.body());
        }
    }

    @Test
    void deleteEchoesTheDecodedRequestLikeGo() throws Exception {
        try (var server = new TestServer()) {
            seed(server, "POST", "{\"Name\":\"ball\",\"quantity\":4}");
            var response = seed(server, "DELETE", "{\"name\":\"ball\",\"quantity\":99,\"extra\":true}");
            assertEquals(200, response.statusCode());
            assertEquals("{\"Name\":\"ball\",\"quantity\":99}\n", response.body());
            assertEquals("[]\n", server.get("/products").body());
        }
    }

    @Test
    void outputEscapesHtmlCharactersLikeGo() throws Exception {
        try (var server = new TestServer()) {
            String escaped = "{\"Name\":\"\\u003ca\\u0026b\\u003e\\\"\\u2028\",\"quantity\":1}\n";
            assertEquals(escaped, seed(server, "POST", "{\"Name\":\"<a&b>\\\"\u2028\",\"quantity\":1}").body());
            assertEquals(escaped, server.get("/product?name=%3Ca%26b%3E%22%E2%80%A8").body());
        }
    }

    @Test
    void invalidSeedBodiesAreBadRequest() throws Exception {
        try (var server = new TestServer()) {
            for (String body : new String[] {"", "name=ball", "{\"Name\":\"b\",\"quantity\":4.0}",
                    "{\"Name\":\"b\",\"quantity\":-1}", "{\"Name\":7}", "{\"quantity\":1}"}) {
                var response = seed(server, "POST", body);
                assertEquals(400, response.statusCode(), body);
                assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
            }
        }
    }

    @Test
    void wrongMethodOnSeedRouteIsNotAllowed() throws Exception {
        try (var server = new TestServer()) {
            var response = seed(server, "PATCH", "{}");
            assertEquals(405, response.statusCode());
            assertEquals("GET, POST, PUT, DELETE, HEAD", response.headers().firstValue("Allow").orElseThrow());
        }
    }

    private static HttpResponse<String> seed(TestServer server, String method, String body) throws Exception {
        return server.send(server.http1, server.request("/product")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build());
    }
}
