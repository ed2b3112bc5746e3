package onebox.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import io.undertow.util.StatusCodes;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Function;
import onebox.products.CoalescedPages;
import onebox.products.CoalescedReads;
import onebox.products.Product;
import onebox.products.ProductRepository;

/**
 * The canonical products API of DESIGN.md. The reads, {@link #list} and {@link #read}, run on the
 * IO thread and leave the database to {@link CoalescedPages} and {@link CoalescedReads}; the
 * writes run on a worker thread.
 */
final class ProductsApi {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;
    static final String JSON = "application/json";

    private final ProductRepository repository;
    private final CoalescedReads reads;
    private final CoalescedPages pages;

    ProductsApi(ProductRepository repository) {
        this.repository = repository;
        this.reads = new CoalescedReads(repository);
        this.pages = new CoalescedPages(repository);
    }

    void list(HttpServerExchange exchange) {
        Map<String, String> query = UriCodec.query(exchange.getQueryString());
        int limit = limit(query.get("limit"));
        Optional<String> after = Optional.ofNullable(query.get("after")).map(Cursor::lastName);
        // One more than asked tells whether another page exists without a second query.
        answerLater(exchange, worker -> pages.list(after, limit + 1, worker), (e, found) -> answerList(e, found, limit));
    }

    private static void answerList(HttpServerExchange exchange, List<Product> found, int limit) {
        List<Product> page = found.subList(0, Math.min(limit, found.size()));
        Optional<String> next = found.size() > limit ? Optional.of(Cursor.after(page.getLast().name())) : Optional.empty();
        send(exchange, StatusCodes.OK, ProductJson.writePage(page, next));
    }

    void create(HttpServerExchange exchange) throws Exception {
        RequestBody.requireJson(exchange);
        ProductInput input = ProductJson.readNew(RequestBody.read(exchange));
        Product created = repository.create(input.name(), input.quantity()).orElseThrow(() ->
                new HttpProblem(StatusCodes.CONFLICT, "a product with this name already exists"));
        exchange.getResponseHeaders().put(Headers.LOCATION, "/api/products/" + UriCodec.encodeSegment(created.name()));
        sendProduct(exchange, StatusCodes.CREATED, created);
    }

    void read(HttpServerExchange exchange, String name) {
        answerLater(exchange, worker -> reads.find(name, worker), ProductsApi::answerRead);
    }

    /**
     * Asks without blocking the IO thread ({@code ask} gets the executor for the blocking work);
     * the answer is sent from the IO thread again, where failures become problems.
     */
    private static <T> void answerLater(HttpServerExchange exchange, Function<Executor, CompletableFuture<T>> ask,
            BiConsumer<HttpServerExchange, T> answer) {
        Executor worker = exchange.getConnection().getWorker();
        // Dispatched, so that Undertow does not end the exchange when this handler returns.
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> ask.apply(worker).whenComplete((value, failure) ->
                exchange.dispatch(exchange.getIoThread(), (HttpHandler) ioThread -> {
                    if (failure != null) {
                        ErrorMapper.send(ioThread, ErrorMapper.toProblem(ioThread, failure));
                    } else {
                        ErrorMapper.run(e -> answer.accept(e, value), ioThread);
                    }
                })));
    }

    private static void answerRead(HttpServerExchange exchange, Optional<Product> found) {
        Product product = found.orElseThrow(() -> notFound());
        String ifNoneMatch = exchange.getRequestHeaders().getFirst(Headers.IF_NONE_MATCH);
        if (ifNoneMatch != null && EntityTags.noneMatchHits(ifNoneMatch, product)) {
            exchange.getResponseHeaders().put(Headers.ETAG, EntityTags.of(product));
            exchange.setStatusCode(StatusCodes.NOT_MODIFIED);
            IoThread.respond(exchange, HttpServerExchange::endExchange);
            return;
        }
        sendProduct(exchange, StatusCodes.OK, product);
    }

    void replace(HttpServerExchange exchange, String name) throws Exception {
        RequestBody.requireJson(exchange);
        ProductInput input = ProductJson.readReplacement(RequestBody.read(exchange), name);
        ProductRepository.Upsert upsert = repository.put(input.name(), input.quantity(), expectedVersion(exchange, name));
        if (upsert.created()) {
            exchange.getResponseHeaders().put(Headers.LOCATION, "/api/products/" + UriCodec.encodeSegment(name));
        }
        sendProduct(exchange, upsert.created() ? StatusCodes.CREATED : StatusCodes.OK, upsert.product());
    }

    void delete(HttpServerExchange exchange, String name) {
        repository.delete(name, expectedVersion(exchange, name)).orElseThrow(() -> notFound());
        exchange.setStatusCode(StatusCodes.NO_CONTENT);
        IoThread.respond(exchange, HttpServerExchange::endExchange);
    }

    /** If-Match pins the version the repository must still hold when it writes. */
    private OptionalLong expectedVersion(HttpServerExchange exchange, String name) {
        String ifMatch = exchange.getRequestHeaders().getFirst(Headers.IF_MATCH);
        return ifMatch == null ? OptionalLong.empty()
                : OptionalLong.of(EntityTags.ifMatchVersion(ifMatch, repository.find(name)));
    }

    private static int limit(String raw) {
        if (raw == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(raw);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException notANumber) {
            // answered below, with the same words as an out-of-range number
        }
        throw HttpProblem.badRequest("limit must be an integer from 1 to " + MAX_LIMIT);
    }

    private static void sendProduct(HttpServerExchange exchange, int status, Product product) {
        exchange.getResponseHeaders().put(Headers.ETAG, EntityTags.of(product));
        send(exchange, status, ProductJson.write(product));
    }

    private static void send(HttpServerExchange exchange, int status, byte[] body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, JSON);
        IoThread.respond(exchange, e -> e.getResponseSender().send(ByteBuffer.wrap(body)));
    }

    private static HttpProblem notFound() {
        return HttpProblem.notFound("no product with this name");
    }
}
