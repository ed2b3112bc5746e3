package onebox.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Reads a request body on a worker thread, never more than {@link #MAX_BYTES}: a large
 * Content-Length is refused before reading, a chunked body as soon as it passes the limit.
 */
final class RequestBody {

    static final int MAX_BYTES = 1024 * 1024;
    /** How much of a refused body the server still swallows so that the client reads the 413. */
    static final long DISCARD_BYTES = 8L * MAX_BYTES;

    private RequestBody() {}

    static byte[] read(HttpServerExchange exchange) throws IOException {
        if (exchange.getRequestContentLength() > MAX_BYTES) {
            throw tooLarge();
        }
        exchange.startBlocking();
        var out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        InputStream in = exchange.getInputStream();
        try {
            for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                if (out.size() + n > MAX_BYTES) {
                    throw tooLarge();
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException stalledOrCut) {
            // The client stalled past ONEBOX_BODY_TIMEOUT or went away: its failure, not the server's.
            exchange.setPersistent(false);
            throw new HttpProblem(StatusCodes.REQUEST_TIME_OUT, "the request body did not arrive in full");
        }
        return out.toByteArray();
    }

    /** Canonical API writes take JSON only: application/json or any application/*+json, any charset. */
    static void requireJson(HttpServerExchange exchange) {
        String contentType = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        if (contentType == null || !isJson(contentType)) {
            throw new HttpProblem(StatusCodes.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must be application/json, got " + (contentType == null ? "none" : contentType));
        }
    }

    static boolean isJson(String contentType) {
        String[] parts = contentType.split(";");
        String type = parts[0].strip().toLowerCase(Locale.ROOT);
        boolean json = type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
        for (int i = 1; i < parts.length && json; i++) {
            String[] parameter = parts[i].strip().split("=", 2);
            if (parameter[0].strip().equalsIgnoreCase("charset")) {
                json = parameter.length == 2 && parameter[1].strip().replace("\"", "").equalsIgnoreCase("utf-8");
            }
        }
        return json;
    }

    private static HttpProblem tooLarge() {
        return new HttpProblem(StatusCodes.REQUEST_ENTITY_TOO_LARGE,
                "request body is larger than " + MAX_BYTES + " bytes");
    }
}
