package onebox.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import onebox.observability.Routes;
import onebox.products.ProductRepository;

/**
 * Every route of the public HTTPS listener, as one handler used by the app and the tests
 * alike: the canonical API under {@code /api}, the seed's routes, then static files.
 * Admin and metrics paths do not exist here; they fall through to the static 404.
 */
public final class PublicRoutes {

    static final String PRODUCTS = "/api/products";
    static final String OPENAPI = "/api/openapi.json";
    private static final String ITEM_PREFIX = PRODUCTS + "/";

    private PublicRoutes() {}

    public static HttpHandler handler(ProductRepository repository, StaticFiles staticFiles) {
        var api = new ProductsApi(repository);
        var seed = new SeedRoutes(repository);
        var openApi = new OpenApiDocument();
        Map<String, Map<HttpString, HttpHandler>> exact = Map.of(
                PRODUCTS, methods(on(Methods.GET, api::list), on(Methods.POST, Blocking.of(api::create))),
                OPENAPI, methods(on(Methods.GET, openApi::serve)),
                "/products", methods(on(Methods.GET, Blocking.of(seed::list))),
                "/product", methods(on(Methods.GET, Blocking.of(seed::read)), on(Methods.POST, Blocking.of(seed::create)),
                        on(Methods.PUT, Blocking.of(seed::update)), on(Methods.DELETE, Blocking.of(seed::delete))));
        Map<HttpString, HttpHandler> item = methods(
                on(Methods.GET, e -> api.read(e, itemName(e))),
                on(Methods.PUT, Blocking.of(e -> api.replace(e, itemName(e)))),
                on(Methods.DELETE, Blocking.of(e -> api.delete(e, itemName(e)))));
        // Static files from memory on the IO thread when they can be; the rest touches the file
        // system, which is no job for an IO thread.
        HttpHandler fromDisk = Blocking.of(staticFiles::serve);
        Map<HttpString, HttpHandler> files = methods(on(Methods.GET, exchange -> {
            if (!staticFiles.serveFromMemory(exchange)) {
                fromDisk.handleRequest(exchange);
            }
        }));
        HttpHandler routes = exchange -> {
            // The raw path: Undertow is told not to decode, so %2F stays inside a name.
            String path = exchange.getRelativePath();
            if (exact.containsKey(path)) {
                Routes.name(exchange, path);
                dispatch(exchange, exact.get(path));
            } else if (path.startsWith(ITEM_PREFIX) && path.indexOf('/', ITEM_PREFIX.length()) < 0) {
                Routes.name(exchange, ITEM_PREFIX + "{name}");
                dispatch(exchange, item);
            } else if (path.equals("/api") || path.startsWith("/api/")) {
                throw HttpProblem.notFound("no such API route");
            } else {
                Routes.name(exchange, Routes.STATIC);
                dispatch(exchange, files);
            }
        };
        return ErrorMapper.guard(exchange -> {
            exchange.getResponseHeaders().put(Headers.X_CONTENT_TYPE_OPTIONS, "nosniff");
            routes.handleRequest(exchange);
        });
    }

    /** The product name of {@code /api/products/{name}}, percent-decoded here and only here. */
    private static String itemName(HttpServerExchange exchange) {
        return UriCodec.decodeSegment(exchange.getRelativePath().substring(ITEM_PREFIX.length()));
    }

    /** HEAD is served by the GET handler; Undertow sends the headers and drops the body. */
    private static void dispatch(HttpServerExchange exchange, Map<HttpString, HttpHandler> byMethod) throws Exception {
        HttpString method = exchange.getRequestMethod();
        HttpHandler handler = byMethod.get(method.equals(Methods.HEAD) ? Methods.GET : method);
        if (handler == null) {
            throw HttpProblem.methodNotAllowed(method.toString(), allow(byMethod));
        }
        handler.handleRequest(exchange);
    }

    private static String allow(Map<HttpString, HttpHandler> byMethod) {
        String methods = byMethod.keySet().stream().map(HttpString::toString).collect(Collectors.joining(", "));
        return byMethod.containsKey(Methods.GET) ? methods + ", HEAD" : methods;
    }

    private static Map.Entry<HttpString, HttpHandler> on(HttpString method, HttpHandler handler) {
        return Map.entry(method, handler);
    }

    @SafeVarargs
    private static Map<HttpString, HttpHandler> methods(Map.Entry<HttpString, HttpHandler>... routes) {
        Map<HttpString, HttpHandler> byMethod = new LinkedHashMap<>();
        for (Map.Entry<HttpString, HttpHandler> route : routes) {
            byMethod.put(route.getKey(), route.getValue());
        }
        return byMethod;
    }
}
