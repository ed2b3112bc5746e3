package onebox.http.guard;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.Protocols;
import io.undertow.util.StatusCodes;
import onebox.http.HttpProblem;

/**
 * Refuses requests whose framing is ambiguous, the raw material of request smuggling:
 * more than one Content-Length, Content-Length together with Transfer-Encoding, or a
 * transfer coding other than a single {@code chunked}. Also answers 431 to headers larger
 * than {@code ONEBOX_MAX_HEADER_BYTES} (Undertow's parser has a hard bound above it that
 * closes the connection with a bare 400). Every refusal closes the connection: after
 * unclear framing, nothing more read from it can be trusted. Obs-fold never reaches here
 * as such (Undertow unfolds it while parsing); {@code onebox.http.ObsFold} refuses it.
 */
final class RequestFraming implements HttpHandler {

    private final int maxHeaderBytes;
    private final HttpHandler next;

    RequestFraming(int maxHeaderBytes, HttpHandler next) {
        this.maxHeaderBytes = maxHeaderBytes;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.getProtocol().equals(Protocols.HTTP_1_1) || exchange.getProtocol().equals(Protocols.HTTP_1_0)) {
            checkFraming(exchange);
        }
        if (headerBytes(exchange) > maxHeaderBytes) {
            exchange.setPersistent(false);
            throw new HttpProblem(StatusCodes.REQUEST_HEADER_FIELDS_TOO_LARGE,
                    "request line and headers are larger than " + maxHeaderBytes + " bytes (ONEBOX_MAX_HEADER_BYTES)");
        }
        next.handleRequest(exchange);
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
        exchange.setPersistent(false);
        throw new HttpProblem(StatusCodes.BAD_REQUEST, "ambiguous request framing: " + what);
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
