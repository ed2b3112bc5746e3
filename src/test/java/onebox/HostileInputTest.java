package onebox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.SocketException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input against the whole app over HTTPS: every answer is a 4xx problem, never a
 * 5xx or a stack trace, and the server keeps serving afterwards.
 */
class HostileInputTest {

    private static final String JSON = "application/json";

    @TempDir
    static Path dir;

    static RunningApp onebox;

    record Attack(String name, String method, String path, byte[] body) {
        static Attack post(String name, String json) {
            return new Attack(name, "POST", "/api/products", json.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Attack> bodies() {
        List<Attack> attacks = new ArrayList<>(List.of(
                Attack.post("empty body", ""),
                Attack.post("truncated object", "{\"name\":\"a\",\"quantity\":"),
                Attack.post("not JSON", "name=a&quantity=1"),
                Attack.post("JSON null", "null"),
                Attack.post("an array", "[{\"name\":\"a\",\"quantity\":1}]"),
                Attack.post("deeply nested arrays", "[".repeat(100_000) + "]".repeat(100_000)),
                Attack.post("deeply nested objects", "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000)),
                Attack.post("nested value in a product", "{\"name\":{\"x\":[1,[2,[3]]]},\"quantity\":1}"),
                Attack.post("quantity beyond int", "{\"name\":\"huge\",\"quantity\":2147483648}"),
                Attack.post("quantity with 400 digits", "{\"name\":\"huge\",\"quantity\":" + "9".repeat(400) + "}"),
                Attack.post("quantity 1e400", "{\"name\":\"huge\",\"quantity\":1e400}"),
                Attack.post("negative quantity", "{\"name\":\"neg\",\"quantity\":-1}"),
                Attack.post("fractional quantity", "{\"name\":\"frac\",\"quantity\":1.5}"),
                Attack.post("quantity as a string", "{\"name\":\"str\",\"quantity\":\"1\"}"),
                Attack.post("quantity as a boolean", "{\"name\":\"bool\",\"quantity\":true}"),
                Attack.post("name as a number", "{\"name\":42,\"quantity\":1}"),
                Attack.post("name null", "{\"name\":null,\"quantity\":1}"),
                Attack.post("escaped NUL in the name", "{\"name\":\"a\\u0000b\",\"quantity\":1}"),
                Attack.post("lone high surrogate", "{\"name\":\"a\\ud800\",\"quantity\":1}"),
                Attack.post("lone low surrogate", "{\"name\":\"\\udc00b\",\"quantity\":1}"),
                Attack.post("duplicate keys", "{\"name\":\"a\",\"name\":\"b\",\"quantity\":1}"),
                Attack.post("201-character name", "{\"name\":\"" + "n".repeat(201) + "\",\"quantity\":1}"),
                Attack.post("trailing garbage", "{\"name\":\"t\",\"quantity\":1} {}"),
                Attack.post("2 MiB string", "{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\",\"quantity\":1}"),
                new Attack("raw NUL byte", "POST", "/api/products", "{\"name\":\"a\0b\",\"quantity\":1}".getBytes(StandardCharsets.ISO_8859_1)),
                new Attack("invalid UTF-8", "POST", "/api/products", new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, 0x28, '"', ',', '"', 'q', 'u', 'a', 'n', 't', 'i', 't', 'y', '"', ':', '1', '}'}),
                new Attack("seed route, malformed", "POST", "/product", "{\"Name\":".getBytes(StandardCharsets.UTF_8)),
                new Attack("seed route, nested", "POST", "/product", ("[".repeat(10_000)).getBytes(StandardCharsets.UTF_8)),
                new Attack("seed route, wrong type", "PUT", "/product", "{\"Name\":[],\"quantity\":\"x\"}".getBytes(StandardCharsets.UTF_8)),
                new Attack("PUT with a NUL in the path", "PUT", "/api/products/a%00b", "{\"name\":\"a\",\"quantity\":1}".getBytes(StandardCharsets.UTF_8)),
                new Attack("PUT with a lone surrogate in the path", "PUT", "/api/products/%ED%A0%80", "{\"name\":\"a\",\"quantity\":1}".getBytes(StandardCharsets.UTF_8)),
                new Attack("negative limit", "GET", "/api/products?limit=-1", new byte[0]),
                new Attack("limit beyond int", "GET", "/api/products?limit=99999999999999999999", new byte[0]),
                new Attack("forged cursor", "GET", "/api/products?after=%27%20OR%201%3D1--", new byte[0]),
                new Attack("1000 query parameters", "GET", "/api/products?" + "a=1&".repeat(1000), new byte[0])));
        return attacks.stream();
    }

    @BeforeAll
    static void start() throws Exception {
        onebox = new RunningApp(dir);
    }

    @AfterAll
    static void stop() {
        if (onebox != null) {
            onebox.close();
        }
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void hostileRequestsGetA4xxProblemAndNoStackTrace(Attack attack) throws Exception {
        var response = onebox.send(attack.method(), attack.path(), JSON, attack.body());
        assertTrue(response.statusCode() >= 400 && response.statusCode() < 500,
                attack + " got " + response.statusCode() + ": " + response.body());
        assertNoInternals(response.body());
        assertEquals(200, onebox.get("/api/products?limit=1").statusCode(), "alive after " + attack);
    }

    @Test
    void sqlMetacharactersAreStoredAndReturnedVerbatim() throws Exception {
        for (String name : List.of("Robert'); DROP TABLE products;--", "%' OR '1'='1", "a\\\"b;--/*", "$$; SELECT pg_sleep(10); $$")) {
            String json = "{\"name\":" + quote(name) + ",\"quantity\":7}";
            var created = onebox.send("POST", "/api/products", JSON, json.getBytes(StandardCharsets.UTF_8));
            assertEquals(201, created.statusCode(), name + ": " + created.body());
            var read = onebox.get("/api/products/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
            assertEquals(200, read.statusCode(), name);
            assertEquals(json, read.body());
        }
        assertTrue(onebox.get("/api/products?limit=100").body().contains("DROP TABLE"), "the table is still there");
    }

    @Test
    void twoHundredCharacterNamesAreAccepted() throws Exception {
        String json = "{\"name\":\"" + "é".repeat(200) + "\",\"quantity\":1}";
        assertEquals(201, onebox.send("POST", "/api/products", JSON, json.getBytes(StandardCharsets.UTF_8)).statusCode());
    }

    @Test
    void traversalAttemptsOnStaticPathsFindNothing() throws Exception {
        for (String path : List.of("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd",
                "/%252e%252e/etc/passwd", "/....//....//etc/passwd", "/..\\..\\etc\\passwd", "/.%00./etc/passwd",
                "/index.html%00.txt", "/%c0%ae%c0%ae/etc/passwd", "//etc/passwd", "/static/../../pom.xml",
                "/WEB-INF/web.xml", "/api/products/%zz", "/api/products/%", "/.git/config", "/onebox/http/openapi.json", "/logback.xml")) {
            String response = onebox.raw(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            int status = Integer.parseInt(response.substring(9, 12));
            assertTrue(status >= 400 && status < 500, path + " got " + response);
            assertFalse(response.contains("root:"), path);
            assertNoInternals(response);
        }
    }

    @Test
    void oversizedHeadersGet431ThenACut() throws Exception {
        var big = onebox.raw(("GET /api/products HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(20_000)
                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(big.startsWith("HTTP/1.1 431 "), big);
        // Far beyond what the parser buffers: the server answers a bare 400 and closes, often
        // before the client has written it all, and then it is the client's write that fails.
        String huge;
        try {
            huge = onebox.raw(("GET /api/products HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(200_000)
                    + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        } catch (SocketException cut) {
            huge = "cut while sending: " + cut.getMessage();
        }
        assertTrue(huge.startsWith("HTTP/1.1 400 ") || huge.startsWith("cut while sending: "), huge);
        assertEquals(200, onebox.get("/api/products?limit=1").statusCode());
    }

    private static void assertNoInternals(String body) {
        for (String leak : List.of("Exception", "\tat ", "at onebox.", "org.jooq", "org.postgresql", "SQL", "io.undertow")) {
            assertFalse(body.contains(leak), "leaks " + leak + ": " + body);
        }
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
