package onebox.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.resource.RangeAwareResource;
import io.undertow.server.handlers.resource.Resource;
import io.undertow.util.DateUtils;
import io.undertow.util.ETag;
import io.undertow.util.ETagUtils;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;

/**
 * Small static files held in memory, so that the common request, a GET or HEAD of a whole
 * file (conditional or not), is answered on the IO thread without touching the file system:
 * the static path's one hot spot under load. An entry is trusted for {@link #LOOK_AGAIN_AFTER}
 * after its file was last looked at; after that it is still served, while a worker
 * {@link #load}s again and so picks up a changed file, until it is {@link #MAX_AGE} old. An
 * older entry, after a quiet spell, waits for that look. Ranges, directories, large files and
 * files not yet seen are the worker's ({@link StaticFiles#serve}).
 */
final class MemoryFiles {

    /**
     * How long an entry is served without a look at its file. Once it is older, one worker looks
     * again while requests are still answered from memory. When every request went to a worker
     * until the look was done, each second's look woke the worker pool under 1000 connections,
     * and a few connections at a time had their request sit unread in the socket for 200 ms to
     * 1 s (issue 6): the 1000-connection p99 was 136-352 ms against 96-178 ms since.
     */
    static final Duration LOOK_AGAIN_AFTER = Duration.ofMillis(500);
    /** How stale a deployed file can be served: the price of not asking the file system per request. */
    static final Duration MAX_AGE = Duration.ofSeconds(1);
    /** Files larger than this (or their siblings) stream from disk instead. */
    static final int MAX_FILE_BYTES = 1 << 20;
    /** All entries together; beyond it new files stream from disk until others shrink or vanish. */
    static final long MAX_TOTAL_BYTES = 64L << 20;

    /** One file's answers: its bytes as is and in the encodings a client may prefer. */
    record CachedFile(ETag etag, Date lastModified, String lastModifiedHeader, String contentType, boolean ranges,
            ByteBuffer identity, Optional<ByteBuffer> brotli, Optional<ByteBuffer> gzip, long loadedAt) {

        /** The header is formatted once: an HTTP date per response costs more than sending a small file. */
        CachedFile(ETag etag, Date lastModified, String contentType, boolean ranges, ByteBuffer identity,
                Optional<ByteBuffer> brotli, Optional<ByteBuffer> gzip, long loadedAt) {
            this(etag, lastModified, DateUtils.toDateString(lastModified), contentType, ranges, identity, brotli, gzip,
                    loadedAt);
        }

        long bytes() {
            return identity.capacity() + brotli.map(ByteBuffer::capacity).orElse(0)
                    + gzip.map(ByteBuffer::capacity).orElse(0);
        }
    }

    private final ConcurrentHashMap<String, CachedFile> files = new ConcurrentHashMap<>();
    private final AtomicLong totalBytes = new AtomicLong();
    private final LongSupplier nanoTime;

    MemoryFiles(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** An entry a request may be answered from, and whether its file is due for another look. */
    record Held(CachedFile file, boolean lookAgain) {}

    /** {@code path}'s entry, unless there is none or it is older than {@link #MAX_AGE}. */
    Optional<Held> held(String path) {
        CachedFile file = files.get(path);
        if (file == null) {
            return Optional.empty();
        }
        long age = nanoTime.getAsLong() - file.loadedAt();
        return age > MAX_AGE.toNanos() ? Optional.empty() : Optional.of(new Held(file, age > LOOK_AGAIN_AFTER.toNanos()));
    }

    /**
     * Reads {@code resource} (a file, not a directory) and its {@code .br}/{@code .gz} siblings
     * into memory, unless it is too large or the budget is spent. Blocking: workers only.
     */
    Optional<CachedFile> load(String path, Resource resource, Optional<Resource> brotli, Optional<Resource> gzip,
            String contentType, boolean compressible) throws IOException {
        CachedFile previous = files.get(path);
        // The file's own tag decides; .br/.gz siblings are made from it and deployed with it.
        ETag known = resource.getETag();
        if (previous != null && known != null && known.equals(previous.etag())) {
            return Optional.of(stillCurrent(path, previous));
        }
        Optional<byte[]> content = read(resource);
        if (content.isEmpty()) {
            forget(path);
            return Optional.empty();
        }
        byte[] bytes = content.get();
        ETag etag = known != null ? known : contentTag(bytes);
        if (previous != null && etag.equals(previous.etag())) {
            return Optional.of(stillCurrent(path, previous));
        }
        Optional<ByteBuffer> br = brotli.flatMap(MemoryFiles::readQuietly).map(ByteBuffer::wrap);
        Optional<ByteBuffer> gz = gzip.flatMap(MemoryFiles::readQuietly)
                .or(() -> compressible ? gzipped(bytes) : Optional.empty())
                .map(ByteBuffer::wrap);
        boolean ranges = resource instanceof RangeAwareResource aware && aware.isRangeSupported();
        var file = new CachedFile(etag, resource.getLastModified(), contentType, ranges, ByteBuffer.wrap(bytes), br, gz,
                nanoTime.getAsLong());
        return Optional.ofNullable(replace(path, previous, file));
    }

    /** Drops {@code path}'s entry, e.g. once its file is gone. */
    void forget(String path) {
        CachedFile gone = files.remove(path);
        if (gone != null) {
            totalBytes.addAndGet(-gone.bytes());
        }
    }

    /** The conditional and encoding rules of Undertow's resource handler, on bytes in memory. */
    static void send(HttpServerExchange exchange, CachedFile file) {
        var headers = exchange.getResponseHeaders();
        if (!ETagUtils.handleIfMatch(exchange, file.etag(), false)
                || !DateUtils.handleIfUnmodifiedSince(exchange, file.lastModified())) {
            throw new HttpProblem(StatusCodes.PRECONDITION_FAILED, "the file does not match If-Match or If-Unmodified-Since");
        }
        headers.put(Headers.ETAG, file.etag().toString());
        headers.put(Headers.LAST_MODIFIED, file.lastModifiedHeader());
        if (!ETagUtils.handleIfNoneMatch(exchange, file.etag(), true)
                || !DateUtils.handleIfModifiedSince(exchange, file.lastModified())) {
            exchange.setStatusCode(StatusCodes.NOT_MODIFIED);
            exchange.endExchange();
            return;
        }
        headers.put(Headers.CONTENT_TYPE, file.contentType());
        if (file.ranges()) {
            headers.put(Headers.ACCEPT_RANGES, "bytes");
        }
        String accepted = exchange.getRequestHeaders().getFirst(Headers.ACCEPT_ENCODING);
        ByteBuffer body = file.identity();
        if (file.brotli().isPresent() && AcceptEncoding.accepts(accepted, "br")) {
            headers.put(Headers.CONTENT_ENCODING, "br");
            body = file.brotli().get();
        } else if (file.gzip().isPresent() && AcceptEncoding.accepts(accepted, "gzip")) {
            headers.put(Headers.CONTENT_ENCODING, "gzip");
            body = file.gzip().get();
        }
        exchange.getResponseSender().send(body.duplicate());
    }

    private CachedFile replace(String path, CachedFile previous, CachedFile next) {
        long growth = next.bytes() - (previous == null ? 0 : previous.bytes());
        if (totalBytes.addAndGet(growth) > MAX_TOTAL_BYTES) {
            totalBytes.addAndGet(-growth);
            forget(path);
            return null;
        }
        // Another worker may have replaced it meanwhile; the last one wins, and the count follows the map.
        CachedFile displaced = files.put(path, next);
        if (displaced != previous) {
            totalBytes.addAndGet((previous == null ? 0 : previous.bytes()) - (displaced == null ? 0 : displaced.bytes()));
        }
        return next;
    }

    /** Unchanged since it was read: only the time it was last looked at moves. */
    private CachedFile stillCurrent(String path, CachedFile file) {
        var refreshed = new CachedFile(file.etag(), file.lastModified(), file.lastModifiedHeader(), file.contentType(),
                file.ranges(), file.identity(), file.brotli(), file.gzip(), nanoTime.getAsLong());
        files.replace(path, file, refreshed);
        return refreshed;
    }

    /** For resources without a tag of their own (the bundled page): length and CRC of the content. */
    private static ETag contentTag(byte[] bytes) {
        var crc = new CRC32();
        crc.update(bytes);
        return new ETag(false, Long.toHexString(bytes.length) + "-" + Long.toHexString(crc.getValue()));
    }

    private static Optional<byte[]> read(Resource resource) throws IOException {
        Long length = resource.getContentLength();
        if (length != null && length > MAX_FILE_BYTES) {
            return Optional.empty();
        }
        try (InputStream in = resource.getUrl().openStream()) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            return bytes.length > MAX_FILE_BYTES ? Optional.empty() : Optional.of(bytes);
        }
    }

    private static Optional<byte[]> readQuietly(Resource sibling) {
        try {
            return read(sibling);
        } catch (IOException unreadable) {
            return Optional.empty(); // the file itself still serves, just without this encoding
        }
    }

    /** gzip at the default level, kept only when it is smaller. */
    private static Optional<byte[]> gzipped(byte[] bytes) {
        var out = new ByteArrayOutputStream(bytes.length / 2 + 64);
        try (var gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        return out.size() < bytes.length ? Optional.of(out.toByteArray()) : Optional.empty();
    }

}
