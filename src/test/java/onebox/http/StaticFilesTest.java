package onebox.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StaticFilesTest {

    static final String CSS = "body { color: #333; }\n".repeat(50);

    private TestServer server;
    private TestServer bundled;
    private Path root;

    @BeforeAll
    void start(@TempDir Path temp) throws Exception {
        root = Files.createDirectories(temp.resolve("site"));
        Files.writeString(root.resolve("index.html"), "<h1>mine</h1>\n");
        Files.writeString(root.resolve("style.css"), CSS);
        Files.writeString(root.resolve("app.js"), "console.log('plain');\n");
        Files.write(root.resolve("app.js.br"), new byte[] {1, 2, 3});
        Files.write(root.resolve("app.js.gz"), new byte[] {4, 5, 6});
        Files.write(root.resolve("data.bin"), new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        Files.createDirectories(root.resolve("empty"));
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/index.html"), "docs\n");
        Path secret = Files.writeString(temp.resolve("secret.txt"), "top secret\n");
        Files.createSymbolicLink(root.resolve("escape.txt"), secret);
        server = new TestServer(Optional.of(root), Map.of(), TestServer.config());
        bundled = new TestServer();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            bundled.close();
        } finally {
            server.close();
        }
    }

    @Test
    void bundledPageIsServedWithARestrictivePolicy() throws Exception {
        var page = bundled.get("/");
        assertEquals(200, page.statusCode());
        assertEquals("text/html", page.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(StaticFiles.BUNDLED_POLICY, page.headers().firstValue("Content-Security-Policy").orElseThrow());
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertTrue(page.body().contains("href=\"/api/products\""), page.body());
        String lastModified = page.headers().firstValue("Last-Modified").orElseThrow();
        var again = bundled.send(bundled.http2, bundled.request("/index.html").header("If-Modified-Since", lastModified).build());
        assertEquals(304, again.statusCode());
    }

    @Test
    void directoryPageHasEtagAndAnswersNotModified() throws Exception {
        var page = server.get("/");
        assertEquals(200, page.statusCode());
        assertEquals("<h1>mine</h1>\n", page.body());
        assertFalse(page.headers().firstValue("Content-Security-Policy").isPresent());
        var css = server.get("/style.css");
        assertEquals("text/css", css.headers().firstValue("Content-Type").orElseThrow());
        String etag = css.headers().firstValue("ETag").orElseThrow();
        var cached = server.send(server.http1, server.request("/style.css").header("If-None-Match", etag).build());
        assertEquals(304, cached.statusCode());
        assertEquals("", cached.body());
    }

    @Test
    void redeployedFileIsServedSoonAfter() throws Exception {
        Files.writeString(root.resolve("news.txt"), "old\n");
        assertEquals("old\n", server.get("/news.txt").body());
        assertEquals("old\n", server.get("/news.txt").body()); // from memory now
        Files.writeString(root.resolve("news.txt"), "new news\n");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String body = server.get("/news.txt").body();
        while (!body.equals("new news\n") && System.nanoTime() < deadline) {
            Thread.sleep(50);
            body = server.get("/news.txt").body();
        }
        assertEquals("new news\n", body);
    }

    @Test
    void aFileDueForALookIsServedFromMemoryWhileAWorkerLooks(@TempDir Path site) throws Exception {
        var now = new AtomicLong();
        Files.writeString(site.resolve("news.txt"), "old\n");
        try (var clocked = new TestServer(StaticFiles.directory(site, now::get), Map.of(), TestServer.config())) {
            assertEquals("old\n", clocked.get("/news.txt").body()); // read into memory
            Files.writeString(site.resolve("news.txt"), "new news\n");
            now.set(MemoryFiles.LOOK_AGAIN_AFTER.toNanos() + 1);
            assertEquals("old\n", clocked.get("/news.txt").body(), "the request waited for the look");

            // The clock stands still, so the entry never ages past MAX_AGE: only the look can bring the change.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            String body = clocked.get("/news.txt").body();
            while (!body.equals("new news\n") && System.nanoTime() < deadline) {
                Thread.sleep(50);
                body = clocked.get("/news.txt").body();
            }
            assertEquals("new news\n", body, "no worker looked at the file again");
        }
    }

    @Test
    void removedFileIsGoneSoonAfter() throws Exception {
        Files.writeString(root.resolve("flyer.txt"), "sale\n");
        assertEquals("sale\n", server.get("/flyer.txt").body());
        assertEquals("sale\n", server.get("/flyer.txt").body()); // from memory now
        Files.delete(root.resolve("flyer.txt"));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int status = server.get("/flyer.txt").statusCode();
        while (status != 404 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            status = server.get("/flyer.txt").statusCode();
        }
        assertEquals(404, status);
    }

    @Test
    void rangesArePartialOrUnsatisfiable() throws Exception {
        var part = server.send(server.http2, server.request("/data.bin").header("Range", "bytes=2-4").build());
        assertEquals(206, part.statusCode());
        assertEquals("bytes 2-4/10", part.headers().firstValue("Content-Range").orElseThrow());
        assertEquals("\u0002\u0003\u0004", part.body());
        var beyond = server.send(server.http2, server.request("/data.bin").header("Range", "bytes=50-60").build());
        assertEquals(416, beyond.statusCode());
        assertEquals("bytes */10", beyond.headers().firstValue("Content-Range").orElseThrow());
    }

    @Test
    void precompressedSiblingsFollowAcceptEncoding() throws Exception {
        assertArrayEquals(new byte[] {1, 2, 3}, encoded("/app.js", "br, gzip", "br"));
        assertArrayEquals(new byte[] {4, 5, 6}, encoded("/app.js", "gzip", "gzip"));
        var plain = server.get("/app.js");
        assertEquals("console.log('plain');\n", plain.body());
        assertEquals("Accept-Encoding", plain.headers().firstValue("Vary").orElseThrow());
    }

    @Test
    void textWithoutSiblingIsGzippedOnTheFly() throws Exception {
        byte[] gzipped = encoded("/style.css", "gzip", "gzip");
        try (var in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            assertEquals(CSS, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        var binary = server.send(server.http2, server.request("/data.bin").header("Accept-Encoding", "gzip").build());
        assertFalse(binary.headers().firstValue("Content-Encoding").isPresent());
    }

    private byte[] encoded(String path, String acceptEncoding, String expectedEncoding) throws Exception {
        HttpResponse<byte[]> response = server.http2.send(server.request(path).header("Accept-Encoding", acceptEncoding)
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertEquals(expectedEncoding, response.headers().firstValue("Content-Encoding").orElseThrow());
        assertEquals("Accept-Encoding", response.headers().firstValue("Vary").orElseThrow());
        return response.body();
    }

    @Test
    void directoriesShowTheirIndexOrNothing() throws Exception {
        assertEquals("docs\n", server.get("/docs/").body());
        var withoutSlash = server.get("/docs");
        assertEquals(302, withoutSlash.statusCode());
        assertTrue(withoutSlash.headers().firstValue("Location").orElseThrow().endsWith("/docs/"));
        var empty = server.get("/empty/");
        assertEquals(404, empty.statusCode());
        assertEquals(TestServer.problem(404, "Not Found", "nothing is published at this path", "/empty/"), empty.body());
        assertEquals(404, server.get("/empty").statusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../secret.txt", "/%2e%2e/secret.txt", "/docs/%2E%2E/%2e%2e/secret.txt",
            "/docs%2f..%2f..%2fsecret.txt", "/..%5csecret.txt", "/..\\secret.txt", "/escape.txt", "/%00index.html",
            "/index.html%00.txt", "/.%2e/site/index.html"})
    void nothingOutsideTheRootIsServed(String target) throws Exception {
        String response = server.raw(target);
        String status = response.substring(0, response.indexOf("\r\n"));
        assertTrue(status.equals("HTTP/1.1 404 Not Found") || status.equals("HTTP/1.1 400 Bad Request"), status);
        assertFalse(response.contains("top secret"), response);
    }

    @Test
    void unknownPathIsProblemNotFound() throws Exception {
        var response = server.get("/no/such/file.txt");
        assertEquals(404, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(TestServer.problem(404, "Not Found", "nothing is published at this path", "/no/such/file.txt"),
                response.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/metrics", "/healthz", "/readyz", "/__version__", "/__heartbeat__", "/__lbheartbeat__"})
    void adminPathsAreNotServedHere(String path) throws Exception {
        assertEquals(404, bundled.get(path).statusCode());
    }

    @Test
    void writesToStaticPathsAreNotAllowed() throws Exception {
        var response = server.send(server.http2, server.request("/index.html")
                .POST(HttpRequest.BodyPublishers.ofString("x")).build());
        assertEquals(405, response.statusCode());
        assertEquals("GET, HEAD", response.headers().firstValue("Allow").orElseThrow());
    }
}
