package onebox.http;

import io.undertow.util.StatusCodes;
import java.util.Map;

/**
 * A request that cannot be served as asked, with the status and the detail a client
 * may read. {@link ErrorMapper} turns it into {@code application/problem+json}.
 * The detail must never carry a stack trace, SQL or other internals.
 */
public final class HttpProblem extends RuntimeException {

    private final int status;
    private final Map<String, String> headers;

    public HttpProblem(int status, String detail, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    public HttpProblem(int status, String detail) {
        this(status, detail, Map.of());
    }

    public int status() {
        return status;
    }

    public String title() {
        return StatusCodes.getReason(status);
    }

    public String detail() {
        return getMessage();
    }

    /** Headers the status calls for, such as {@code Allow} with a 405. */
    public Map<String, String> headers() {
        return headers;
    }

    public static HttpProblem badRequest(String detail) {
        return new HttpProblem(StatusCodes.BAD_REQUEST, detail);
    }

    public static HttpProblem notFound(String detail) {
        return new HttpProblem(StatusCodes.NOT_FOUND, detail);
    }

    public static HttpProblem methodNotAllowed(String method, String allow) {
        return new HttpProblem(StatusCodes.METHOD_NOT_ALLOWED,
                "method " + method + " is not allowed here; use " + allow, Map.of("Allow", allow));
    }
}
