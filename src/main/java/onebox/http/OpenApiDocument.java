package onebox.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/** {@code GET /api/openapi.json}: the OpenAPI 3.1 description, a resource kept true by a test. */
final class OpenApiDocument {

    static final String RESOURCE = "/onebox/http/openapi.json";

    private final byte[] document = load();

    void serve(HttpServerExchange exchange) {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, ProductsApi.JSON);
        exchange.getResponseSender().send(ByteBuffer.wrap(document));
    }

    private static byte[] load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException unreadable) {
            throw new UncheckedIOException("cannot read " + RESOURCE, unreadable);
        }
    }
}
