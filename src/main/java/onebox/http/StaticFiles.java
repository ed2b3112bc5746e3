package onebox.http;

import io.undertow.predicate.Predicate;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.encoding.ContentEncodingRepository;
import io.undertow.server.handlers.encoding.EncodingHandler;
import io.undertow.server.handlers.encoding.GzipEncodingProvider;
import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.server.handlers.resource.PathResourceManager;
import io.undertow.server.handlers.resource.PreCompressedResourceSupplier;
import io.undertow.server.handlers.resource.Resource;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.server.handlers.resource.ResourceManager;
import io.undertow.util.ETag;
import io.undertow.util.MimeMappings;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;

/**
 * Files served at {@code /}: a directory ({@code ONEBOX_STATIC_DIR}) or the page bundled in
 * the jar. Small files are answered from memory ({@link MemoryFiles}); Undertow's resource
 * handler serves the rest (ranges, large files, directory redirects). This class keeps
 * requests inside the root, picks {@code .br}/{@code .gz} siblings, gzips text, and answers
 * directories without an index.html with 404, never a listing.
 */
public final class StaticFiles implements AutoCloseable {

    static final String BUNDLED_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    /** Content types worth gzipping, as prefixes: text compresses, images and archives do not. */
    private static final List<String> COMPRESSIBLE_TYPES = List.of("text/", "application/json", "application/javascript",
            "application/xml", "image/svg+xml", "application/manifest+json");

    private static final String DEFAULT_TYPE = "application/octet-stream";

    private final ResourceManager resources;
    private final MemoryFiles memory;
    /** Paths whose file a worker is looking at again. */
    private final Set<String> looking = ConcurrentHashMap.newKeySet();
    private final Optional<String> contentSecurityPolicy;
    private final HttpHandler handler;

    private StaticFiles(ResourceManager resources, Optional<String> contentSecurityPolicy, LongSupplier nanoTime) {
        this.resources = resources;
        this.memory = new MemoryFiles(nanoTime);
        this.contentSecurityPolicy = contentSecurityPolicy;
        var files = new ResourceHandler(new PreCompressedResourceSupplier(resources)
                .addEncoding("br", ".br")
                .addEncoding("gzip", ".gz"))
                .setDirectoryListingEnabled(false)
                .setWelcomeFiles("index.html");
        this.handler = new EncodingHandler(files, new ContentEncodingRepository()
                .addEncodingHandler("gzip", new GzipEncodingProvider(), 50, (Predicate) StaticFiles::compressible));
    }

    /** Serves {@code directory}; symbolic links are never followed, inside the root or not. */
    public static StaticFiles directory(Path directory) {
        return directory(directory, System::nanoTime);
    }

    /** As {@link #directory(Path)}, with the clock that ages the files held in memory. */
    static StaticFiles directory(Path directory, LongSupplier nanoTime) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("ONEBOX_STATIC_DIR " + directory + " is not a directory");
        }
        return new StaticFiles(PathResourceManager.builder()
                .setBase(directory.toAbsolutePath().normalize())
                .setFollowLinks(false)
                .setETagFunction(StaticFiles::etag)
                .build(), Optional.empty(), nanoTime);
    }

    /** The small page inside the jar ({@code src/main/resources/static}). */
    public static StaticFiles bundled() {
        return new StaticFiles(new ClassPathResourceManager(StaticFiles.class.getClassLoader(), "static"),
                Optional.of(BUNDLED_POLICY), System::nanoTime);
    }

    public static StaticFiles from(Optional<Path> staticDir) {
        return staticDir.map(StaticFiles::directory).orElseGet(StaticFiles::bundled);
    }

    /** On the IO thread: true when answered from memory, false when {@link #serve} must run on a worker. */
    boolean serveFromMemory(HttpServerExchange exchange) {
        if (exchange.getRequestHeaders().contains(Headers.RANGE)) {
            return false;
        }
        String path = pathOf(exchange);
        Optional<MemoryFiles.Held> held = memory.held(path);
        if (held.isEmpty()) {
            return false;
        }
        if (held.get().lookAgain()) {
            lookAgainSoon(exchange.getConnection().getWorker(), path);
        }
        addHeaders(exchange);
        MemoryFiles.send(exchange, held.get().file());
        return true;
    }

    /** On a worker: looks at the file system, refreshes the memory copy, answers from it or from disk. */
    void serve(HttpServerExchange exchange) throws Exception {
        String path = pathOf(exchange);
        Resource resource = resources.getResource(path);
        if (!exists(resource, path)) {
            memory.forget(path);
            throw HttpProblem.notFound("nothing is published at this path");
        }
        addHeaders(exchange);
        var cached = lookAt(path, resource);
        if (cached.isPresent() && !exchange.getRequestHeaders().contains(Headers.RANGE)) {
            IoThread.respond(exchange, e -> MemoryFiles.send(e, cached.get()));
            return;
        }
        exchange.setRelativePath(path);
        handler.handleRequest(exchange);
    }

    /**
     * Brings {@code path}'s memory copy in line with what the file system holds there: a file is
     * read or refreshed, anything else (nothing, a directory) dropped. Empty when not in memory.
     */
    private Optional<MemoryFiles.CachedFile> lookAt(String path, Resource resource) throws IOException {
        if (resource == null || resource.isDirectory()) {
            memory.forget(path);
            return Optional.empty();
        }
        String type = Optional.ofNullable(resource.getContentType(MimeMappings.DEFAULT)).orElse(DEFAULT_TYPE);
        return memory.load(path, resource, Optional.ofNullable(resources.getResource(path + ".br")),
                Optional.ofNullable(resources.getResource(path + ".gz")), type, compressible(type));
    }

    /** One look at a file on a worker at a time; requests meanwhile are answered from memory. */
    private void lookAgainSoon(Executor workers, String path) {
        if (!looking.add(path)) {
            return;
        }
        try {
            workers.execute(() -> {
                try {
                    lookAt(path, resources.getResource(path));
                } catch (IOException | RuntimeException unreadable) {
                    memory.forget(path); // the next request looks for itself and answers what it finds
                } finally {
                    looking.remove(path);
                }
            });
        } catch (RejectedExecutionException stopping) {
            looking.remove(path);
        }
    }

    private static String pathOf(HttpServerExchange exchange) {
        String path = StaticPath.resolve(exchange.getRelativePath());
        return path.endsWith("/") ? path + "index.html" : path; // a directory's page, never its listing
    }

    private void addHeaders(HttpServerExchange exchange) {
        exchange.getResponseHeaders().put(Headers.VARY, Headers.ACCEPT_ENCODING_STRING);
        contentSecurityPolicy.ifPresent(policy -> exchange.getResponseHeaders().put(Headers.CONTENT_SECURITY_POLICY, policy));
    }

    /** A file, or a directory that has an index.html (the handler then redirects to its slash form). */
    private boolean exists(Resource resource, String path) throws IOException {
        if (resource == null) {
            return false;
        }
        return !resource.isDirectory() || resources.getResource(path.replaceAll("/*$", "") + "/index.html") != null;
    }

    /** Size and modification time change whenever the content does, and cost no read. */
    private static ETag etag(Path file) {
        try {
            return new ETag(false, Long.toHexString(Files.size(file)) + "-"
                    + Long.toHexString(Files.getLastModifiedTime(file).toMillis()));
        } catch (IOException unreadable) {
            return null;
        }
    }

    private static boolean compressible(HttpServerExchange exchange) {
        String type = exchange.getResponseHeaders().getFirst(Headers.CONTENT_TYPE);
        return type != null && exchange.getStatusCode() == StatusCodes.OK && compressible(type);
    }

    private static boolean compressible(String type) {
        return COMPRESSIBLE_TYPES.stream().anyMatch(type::startsWith);
    }

    @Override
    public void close() throws IOException {
        resources.close();
    }
}
