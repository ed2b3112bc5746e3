package onebox.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Keeps /api/openapi.json true: every documented (method, path, status) is produced by a
 * scenario against the real server, every scenario's outcome is documented, and each
 * documented path allows exactly the documented methods.
 */
class OpenApiContractTest {

    interface Scenario {
        HttpResponse<String> run(TestServer server) throws Exception;
    }

    private static final String BIG = "{\"name\":\"" + "x".repeat(RequestBody.MAX_BYTES) + "\",\"quantity\":1}";

    /** What the server does, one request per outcome; keys are "METHOD path status". */
    private static final Map<String, Scenario> SCENARIOS = scenarios();

    private static Map<String, Scenario> scenarios() {
        Map<String, Scenario> s = new TreeMap<>();
        String list = "/api/products";
        String item = "/api/products/{name}";
        s.put("GET " + list + " 200", server -> server.get(list));
        s.put("GET " + list + " 400", server -> server.get(list + "?limit=0"));
        s.put("GET " + list + " 503", unavailable(server -> server.get(list)));
        s.put("POST " + list + " 201", server -> server.json("POST", list, "{\"name\":\"new\",\"quantity\":1}"));
        s.put("POST " + list + " 400", server -> server.json("POST", list, "{\"name\":\"new\"}"));
        s.put("POST " + list + " 409", server -> server.json("POST", list, "{\"name\":\"seed\",\"quantity\":1}"));
        s.put("POST " + list + " 413", server -> server.json("POST", list, BIG));
        s.put("POST " + list + " 415", server -> server.send(server.http2, server.request(list)
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{}")).build()));
        s.put("POST " + list + " 503", unavailable(server -> server.json("POST", list, "{\"name\":\"n\",\"quantity\":1}")));
        s.put("GET " + item + " 200", server -> server.get("/api/products/seed"));
        s.put("GET " + item + " 304", server -> server.send(server.http2, server.request("/api/products/seed")
                .header("If-None-Match", "\"1\"").build()));
        s.put("GET " + item + " 400", server -> server.get("/api/products/%FF"));
        s.put("GET " + item + " 404", server -> server.get("/api/products/none"));
        s.put("GET " + item + " 503", unavailable(server -> server.get("/api/products/seed")));
        s.put("PUT " + item + " 200", server -> server.json("PUT", "/api/products/seed", "{\"quantity\":2}"));
        s.put("PUT " + item + " 201", server -> server.json("PUT", "/api/products/fresh", "{\"quantity\":2}"));
        s.put("PUT " + item + " 400", server -> server.json("PUT", "/api/products/seed", "{\"quantity\":-2}"));
        s.put("PUT " + item + " 412", server -> server.json("PUT", "/api/products/seed", "{\"quantity\":2}", "If-Match", "\"9\""));
        s.put("PUT " + item + " 413", server -> server.json("PUT", "/api/products/seed", BIG));
        s.put("PUT " + item + " 415", server -> server.send(server.http2, server.request("/api/products/seed")
                .header("Content-Type", "text/plain").PUT(HttpRequest.BodyPublishers.ofString("{}")).build()));
        s.put("PUT " + item + " 503", unavailable(server -> server.json("PUT", "/api/products/seed", "{\"quantity\":2}")));
        s.put("DELETE " + item + " 204", server -> server.send(server.http2, server.request("/api/products/seed").DELETE().build()));
        s.put("DELETE " + item + " 400", server -> server.send(server.http2, server.request("/api/products/%C0").DELETE().build()));
        s.put("DELETE " + item + " 404", server -> server.send(server.http2, server.request("/api/products/none").DELETE().build()));
        s.put("DELETE " + item + " 412", server -> server.send(server.http2, server.request("/api/products/seed")
                .header("If-Match", "\"9\"").DELETE().build()));
        s.put("DELETE " + item + " 503", unavailable(server -> server.send(server.http2,
                server.request("/api/products/seed").DELETE().build())));
        s.put("GET /api/openapi.json 200", server -> server.get(PublicRoutes.OPENAPI));
        return s;
    }

    private static Scenario unavailable(Scenario scenario) {
        return server -> {
            server.repository.failWith(InMemoryProductRepository.Failure.UNAVAILABLE);
            try {
                return scenario.run(server);
            } finally {
                server.repository.failWith(InMemoryProductRepository.Failure.NONE);
            }
        };
    }

    @Test
    void everyDocumentedOutcomeHappensAndNothingElse() throws Exception {
        try (var server = new TestServer()) {
            JsonNode document = Json.MAPPER.readTree(server.get(PublicRoutes.OPENAPI).body());
            assertEquals("3.1.0", document.get("openapi").asText());
            assertEquals(SCENARIOS.keySet(), documentedOutcomes(document));
            for (var scenario : SCENARIOS.entrySet()) {
                server.repository.create("seed", 1);
                try {
                    int expected = Integer.parseInt(scenario.getKey().substring(scenario.getKey().lastIndexOf(' ') + 1));
                    assertEquals(expected, scenario.getValue().run(server).statusCode(), scenario.getKey());
                } finally {
                    server.repository.delete("seed", java.util.OptionalLong.empty());
                    server.repository.delete("fresh", java.util.OptionalLong.empty());
                    server.repository.delete("new", java.util.OptionalLong.empty());
                }
            }
        }
    }

    @Test
    void everyDocumentedPathAllowsExactlyTheDocumentedMethods() throws Exception {
        try (var server = new TestServer()) {
            JsonNode paths = Json.MAPPER.readTree(server.get(PublicRoutes.OPENAPI).body()).get("paths");
            for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
                String path = it.next();
                Set<String> documented = new TreeSet<>();
                paths.get(path).fieldNames().forEachRemaining(method -> {
                    if (!method.equals("parameters")) {
                        documented.add(method.toUpperCase(java.util.Locale.ROOT));
                    }
                });
                var response = server.send(server.http2, server.request(path.replace("{name}", "x"))
                        .method("PATCH", HttpRequest.BodyPublishers.noBody()).build());
                assertEquals(405, response.statusCode(), path);
                Set<String> allowed = new TreeSet<>(Arrays.asList(
                        response.headers().firstValue("Allow").orElseThrow().split(", ")));
                allowed.remove("HEAD"); // implied by GET
                assertEquals(documented, allowed, path);
            }
        }
    }

    private static Set<String> documentedOutcomes(JsonNode document) {
        Set<String> outcomes = new TreeSet<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            if (!operation.getKey().equals("parameters")) {
                operation.getValue().get("responses").fieldNames().forEachRemaining(status -> outcomes.add(
                        operation.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey() + " " + status));
            }
        }));
        return outcomes;
    }
}
