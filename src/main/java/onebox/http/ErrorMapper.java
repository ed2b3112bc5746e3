package onebox.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;
import java.nio.ByteBuffer;
import java.util.Map;
import onebox.observability.RequestIds;
import onebox.products.ProductRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become responses: RFC 9457 {@code application/problem+json}
 * with type, title, status, detail and instance. Unexpected exceptions get a generic
 * 500; their stack trace goes to the server log only, with the request id when known.
 */
public final class ErrorMapper {

    static final String PROBLEM_JSON = "application/problem+json";
    static final String RETRY_AFTER_SECONDS = "5";
    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

    private ErrorMapper() {}

    /** Runs {@code next} and maps whatever it throws; also turns body-less error statuses into problems. */
    public static HttpHandler guard(HttpHandler next) {
        return exchange -> {
            exchange.addDefaultResponseListener(ErrorMapper::replaceEmptyError);
            run(next, exchange);
        };
    }

    /** For handlers that run on a worker thread after a dispatch, outside the IO thread's guard. */
    static void run(HttpHandler next, HttpServerExchange exchange) {
        try {
            next.handleRequest(exchange);
        } catch (Throwable failure) {
            send(exchange, toProblem(exchange, failure));
        }
    }

    static HttpProblem toProblem(HttpServerExchange exchange, Throwable failure) {
        return switch (failure) {
            case HttpProblem problem -> problem;
            case ProductRepository.StorageUnavailable unavailable -> {
                log.warn("storage unavailable for {} {}{}: {}", exchange.getRequestMethod(),
                        exchange.getRequestPath(), requestIdSuffix(exchange), unavailable.getMessage());
                yield new HttpProblem(StatusCodes.SERVICE_UNAVAILABLE,
                        "the product store is unavailable; try again shortly",
                        Map.of("Retry-After", RETRY_AFTER_SECONDS));
            }
            case ProductRepository.VersionMismatch mismatch ->
                    new HttpProblem(StatusCodes.PRECONDITION_FAILED, "If-Match does not match the current version");
            default -> {
                log.error("unexpected failure serving {} {}{}", exchange.getRequestMethod(),
                        exchange.getRequestPath(), requestIdSuffix(exchange), failure);
                yield new HttpProblem(StatusCodes.INTERNAL_SERVER_ERROR, "an unexpected error occurred");
            }
        };
    }

    static void send(HttpServerExchange exchange, HttpProblem problem) {
        IoThread.respond(exchange, e -> sendNow(e, problem));
    }

    private static void sendNow(HttpServerExchange exchange, HttpProblem problem) {
        if (exchange.isResponseStarted()) {
            // Too late for a problem body: cut the connection so the client sees a failure.
            exchange.setPersistent(false);
            exchange.endExchange();
            return;
        }
        exchange.setStatusCode(problem.status());
        exchange.getResponseHeaders().remove(Headers.CONTENT_ENCODING);
        exchange.getResponseHeaders().remove(Headers.CONTENT_LENGTH);
        problem.headers().forEach((name, value) -> exchange.getResponseHeaders().put(new HttpString(name), value));
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, PROBLEM_JSON);
        exchange.getResponseSender().send(ByteBuffer.wrap(body(problem, exchange.getRequestURI())));
    }

    private static byte[] body(HttpProblem problem, String instance) {
        return Json.bytes(json -> {
            json.writeStartObject();
            json.writeStringField("type", "about:blank");
            json.writeStringField("title", problem.title());
            json.writeNumberField("status", problem.status());
            json.writeStringField("detail", problem.detail());
            json.writeStringField("instance", instance);
            json.writeEndObject();
        });
    }

    /** Undertow and its handlers (resource handler, dispatch errors) end exchanges with bare statuses. */
    private static boolean replaceEmptyError(HttpServerExchange exchange) {
        if (!exchange.isResponseChannelAvailable() || exchange.getStatusCode() < 400) {
            return false;
        }
        Throwable failure = exchange.getAttachment(io.undertow.server.DefaultResponseListener.EXCEPTION);
        HttpProblem problem = failure != null ? toProblem(exchange, failure)
                : new HttpProblem(exchange.getStatusCode(), StatusCodes.getReason(exchange.getStatusCode()));
        sendNow(exchange, problem); // the exchange is ending on this very thread: no hand-off now
        return true;
    }

    private static String requestIdSuffix(HttpServerExchange exchange) {
        String id = exchange.getAttachment(RequestIds.ATTACHMENT);
        return id == null ? "" : " (request " + id + ")";
    }
}
