package onebox.observability;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;

/**
 * The route template of an exchange, as the metrics and the access log name it. Handlers
 * of the http layer call {@link #name} once they know which route matched; an exchange no
 * route claimed is {@link #UNMATCHED}, so a raw path never becomes a label value.
 */
public final class Routes {

    public static final AttachmentKey<String> ROUTE = AttachmentKey.create(String.class);

    /** Every file served from the static directory or the bundled page. */
    public static final String STATIC = "static";

    /** Paths that no route matched (404s, scanners probing for /wp-admin). */
    public static final String UNMATCHED = "unmatched";

    private Routes() {}

    /** Names the route template, e.g. {@code /api/products/{name}}; never the raw path. */
    public static void name(HttpServerExchange exchange, String template) {
        exchange.putAttachment(ROUTE, template);
    }

    public static String of(HttpServerExchange exchange) {
        String route = exchange.getAttachment(ROUTE);
        return route == null ? UNMATCHED : route;
    }
}
