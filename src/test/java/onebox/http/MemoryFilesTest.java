package onebox.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.undertow.server.handlers.resource.PathResourceManager;
import io.undertow.server.handlers.resource.Resource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What MemoryFiles keeps, and when it reads a file again; serving is StaticFilesTest's. */
class MemoryFilesTest {

    @TempDir
    Path root;

    private final AtomicLong now = new AtomicLong();
    private final MemoryFiles memory = new MemoryFiles(now::get);

    @Test
    void unchangedFileKeepsItsBytesAndOnlyGetsLookedAtAgain() throws Exception {
        write("a.txt", "hello", 1_000);
        var first = load("a.txt").orElseThrow();
        now.addAndGet(MemoryFiles.MAX_AGE.toNanos() * 3);
        var second = load("a.txt").orElseThrow();
        assertSame(first.identity(), second.identity());
        assertEquals(first.etag(), second.etag());
        assertEquals(now.get(), second.loadedAt());
    }

    @Test
    void anEntryIsServedAsIsThenWhileItsFileIsLookedAtThenNotUntilLookedAt() throws Exception {
        write("a.txt", "hello", 1_000);
        var file = load("a.txt").orElseThrow();
        assertEquals(Optional.of(new MemoryFiles.Held(file, false)), memory.held("/a.txt"));

        now.addAndGet(MemoryFiles.LOOK_AGAIN_AFTER.toNanos() + 1);
        assertEquals(Optional.of(new MemoryFiles.Held(file, true)), memory.held("/a.txt"));

        now.set(file.loadedAt() + MemoryFiles.MAX_AGE.toNanos() + 1);
        assertEquals(Optional.empty(), memory.held("/a.txt"), "after a quiet spell a request waits for the look");

        var lookedAt = load("a.txt").orElseThrow();
        assertEquals(Optional.of(new MemoryFiles.Held(lookedAt, false)), memory.held("/a.txt"));
        assertEquals(Optional.empty(), memory.held("/never-loaded.txt"));
    }

    @Test
    void changedFileIsReadAgainWithANewTag() throws Exception {
        write("a.txt", "hello", 1_000);
        var first = load("a.txt").orElseThrow();
        write("a.txt", "hello, world", 2_000);
        var second = load("a.txt").orElseThrow();
        assertEquals("hello, world", StandardCharsets.UTF_8.decode(second.identity().duplicate()).toString());
        assertNotEquals(first.etag(), second.etag());
    }

    @Test
    void compressibleTextGetsAGzipFormOnlyWhenSmaller() throws Exception {
        write("big.txt", "onebox ".repeat(200), 1_000);
        write("tiny.txt", "x", 1_000);
        var big = load("big.txt").orElseThrow();
        assertTrue(big.gzip().orElseThrow().remaining() < big.identity().remaining());
        assertTrue(load("tiny.txt").orElseThrow().gzip().isEmpty(), "gzip of one byte is larger than the byte");
    }

    @Test
    void filesAboveTheLimitStayOnDisk() throws Exception {
        Files.write(root.resolve("large.bin"), new byte[MemoryFiles.MAX_FILE_BYTES + 1]);
        assertTrue(load("large.bin").isEmpty());
    }

    private Optional<MemoryFiles.CachedFile> load(String name) throws Exception {
        try (var resources = new PathResourceManager(root)) {
            Resource resource = resources.getResource("/" + name);
            return memory.load("/" + name, resource, Optional.empty(), Optional.empty(), "text/plain", true);
        }
    }

    private void write(String name, String content, long modifiedMillis) throws Exception {
        Path file = Files.writeString(root.resolve(name), content);
        Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochMilli(modifiedMillis)));
    }
}
