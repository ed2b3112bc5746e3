package onebox.http.guard;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.Protocols;
import io.undertow.util.StatusCodes;
import java.util.Deque;
import onebox.config.ListenerLimits;
import onebox.http.HttpProblem;

/**
 * Refuses requests whose framing is ambiguous, the raw material of request smuggling:
 * more than one Content-Length, Content-Length together with Transfer-Encoding, or a
 * transfer coding other than a single {@code chunked}. Also enforces the header and
 * parameter limits, as problem+json: 431 beyond {@code ONEBOX_MAX_HEADER_BYTES} or
 * {@code ONEBOX_MAX_HEADERS}, 400 beyond {@code ONEBOX_MAX_PARAMETERS}. (Undertow's parser
 * has hard bounds above them, beyond which it closes the connection with a bare 400 that no
 * handler can change.) Every refusal closes the connection: after unclear framing, nothing
 * more read from it can be trusted. Obs-fold never reaches here as such (Undertow unfolds it
 * while parsing); {@code onebox.http.ObsFold} refuses it.
 */
final class RequestFraming implements HttpHandler {

    private final ListenerLimits limits;
    private final HttpHandler next;

    RequestFraming(ListenerLimits limits, HttpHandler next) {
        this.limits = limits;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.getProtocol().equals(Protocols.HTTP_1_1) || exchange.getProtocol().equals(Protocols.HTTP_1_0)) {
            checkFraming(exchange);
        }
        checkSizes(exchange);
        next.handleRequest(exchange);
    }

    private void checkSizes(HttpServerExchange exchange) {
        if (headerBytes(exchange) > limits.maxHeaderBytes()) {
            refuse(exchange, StatusCodes.REQUEST_HEADER_FIELDS_TOO_LARGE, "request line and headers are larger than "
                    + limits.maxHeaderBytes() + " bytes (ONEBOX_MAX_HEADER_BYTES)");
        }
        if (exchange.getRequestHeaders().size() > limits.maxHeaders()) {
            refuse(exchange, StatusCodes.REQUEST_HEADER_FIELDS_TOO_LARGE,
                    "more than " + limits.maxHeaders() + " header fields (ONEBOX_MAX_HEADERS)");
        }
        if (parameters(exchange) > limits.maxParameters()) {
            refuse(exchange, StatusCodes.BAD_REQUEST,
                    "more than " + limits.maxParameters() + " parameters (ONEBOX_MAX_PARAMETERS)");
        }
    }

    private static void checkFraming(HttpServerExchange exchange) {
        HeaderValues lengths = exchange.getRequestHeaders().get(Headers.CONTENT_LENGTH);
        HeaderValues codings = exchange.getRequestHeaders().get(Headers.TRANSFER_ENCODING);
        if (lengths != null && lengths.size() > 1) {
            refuse(exchange, "more than one Content-Length");
        }
        if (codings != null) {
            if (lengths != null) {
                refuse(exchange, "both Content-Length and Transfer-Encoding");
            }
            if (codings.size() != 1 || !codings.getFirst().strip().equalsIgnoreCase("chunked")) {
                refuse(exchange, "a transfer coding other than chunked");
            }
        }
    }

    private static void refuse(HttpServerExchange exchange, String what) {
        refuse(exchange, StatusCodes.BAD_REQUEST, "ambiguous request framing: " + what);
    }

    private static void refuse(HttpServerExchange exchange, int status, String detail) {
        exchange.setPersistent(false);
        throw new HttpProblem(status, detail);
    }

    /** Query and path parameters, counted as Undertow's parser counts them against its own bound. */
    private static int parameters(HttpServerExchange exchange) {
        int count = 0;
        for (Deque<String> values : exchange.getQueryParameters().values()) {
            count += values.size();
        }
        for (Deque<String> values : exchange.getPathParameters().values()) {
            count += values.size();
        }
        return count;
    }

    /** As sent on the wire in HTTP/1.1: request line, then "name: value" CRLF per field. */
    private static long headerBytes(HttpServerExchange exchange) {
        long bytes = exchange.getRequestMethod().length() + exchange.getRequestURI().length()
                + exchange.getQueryString().length() + 1 + exchange.getProtocol().length() + 4;
        for (HeaderValues values : exchange.getRequestHeaders()) {
            for (String value : values) {
                bytes += values.getHeaderName().length() + 2 + value.length() + 2;
            }
        }
        return bytes;
    }
}
