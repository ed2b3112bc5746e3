package onebox.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.OptionalLong;
import onebox.products.Product;
import onebox.products.ProductRepository;

/**
 * The routes of the seed's Go service ({@code /products}, {@code /product}), answering
 * as it did: status 200, JSON echoes with a trailing newline, bodies read as JSON
 * whatever their Content-Type (its curl calls send form-encoded -d bodies).
 * Deliberate fixes: [] for an empty list, 404 for a missing product, 409 for a duplicate.
 */
final class SeedRoutes {

    /** Seed clients never paginate; this bounds the answer all the same. */
    static final int MAX_LIST = 10_000;
    private static final int PUT_ATTEMPTS = 3;

    private final ProductRepository repository;

    SeedRoutes(ProductRepository repository) {
        this.repository = repository;
    }

    void list(HttpServerExchange exchange) {
        send(exchange, GoJson.writeAll(repository.list(Optional.empty(), MAX_LIST)));
    }

    void read(HttpServerExchange exchange) {
        String name = UriCodec.query(exchange.getQueryString()).getOrDefault("name", "");
        send(exchange, GoJson.write(repository.find(name).orElseThrow(SeedRoutes::notFound)));
    }

    void create(HttpServerExchange exchange) throws Exception {
        ProductInput input = GoJson.read(RequestBody.read(exchange));
        Product created = repository.create(input.name(), input.quantity()).orElseThrow(() ->
                new HttpProblem(StatusCodes.CONFLICT, "a product with this name already exists"));
        send(exchange, GoJson.write(created));
    }

    /** Go's UPDATE touched existing rows only, so this never creates. */
    void update(HttpServerExchange exchange) throws Exception {
        ProductInput input = GoJson.read(RequestBody.read(exchange));
        for (int attempt = 1; ; attempt++) {
            Product current = repository.find(input.name()).orElseThrow(SeedRoutes::notFound);
            try {
                var upsert = repository.put(input.name(), input.quantity(), OptionalLong.of(current.version()));
                send(exchange, GoJson.write(upsert.product()));
                return;
            } catch (ProductRepository.VersionMismatch concurrentChange) {
                if (attempt == PUT_ATTEMPTS) {
                    throw new HttpProblem(StatusCodes.CONFLICT, "the product kept changing; try again");
                }
            }
        }
    }

    /** Go echoed the product it decoded from the request, not the row it deleted. */
    void delete(HttpServerExchange exchange) throws Exception {
        ProductInput input = GoJson.read(RequestBody.read(exchange));
        repository.delete(input.name(), OptionalLong.empty()).orElseThrow(SeedRoutes::notFound);
        send(exchange, GoJson.write(new Product(input.name(), input.quantity(), 0)));
    }

    private static void send(HttpServerExchange exchange, byte[] body) {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, ProductsApi.JSON);
        IoThread.respond(exchange, e -> e.getResponseSender().send(ByteBuffer.wrap(body)));
    }

    private static HttpProblem notFound() {
        return HttpProblem.notFound("no product with this name");
    }
}
