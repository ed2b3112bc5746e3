package onebox.observability;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.MDC;

/** The rules for X-Request-Id: keep the client's when it is short and printable. */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "request_id";
    static final int MAX_LENGTH = 128;

    /** The exchange's request id, for error bodies or work handed to other executors. */
    public static final AttachmentKey<String> ATTACHMENT = AttachmentKey.create(String.class);

    private static final HexFormat HEX = HexFormat.of();

    private RequestIds() {}

    /**
     * Wraps work the http layer hands to its own executor (exchange.dispatch(executor, task)),
     * so log lines written there carry the request id too. Plain exchange.dispatch is covered.
     */
    public static Runnable withMdc(HttpServerExchange exchange, Runnable task) {
        String id = exchange.getAttachment(ATTACHMENT);
        return id == null ? task : withMdc(id, task);
    }

    static Runnable withMdc(String id, Runnable task) {
        return () -> {
            MDC.put(MDC_KEY, id);
            try {
                task.run();
            } finally {
                MDC.remove(MDC_KEY);
            }
        };
    }

    /** The client's id when acceptable, otherwise a fresh random one. */
    public static String acceptOrGenerate(String fromClient) {
        return isAcceptable(fromClient) ? fromClient : generate();
    }

    /** 1 to 128 printable ASCII characters (0x21-0x7e): nothing that could forge a log line. */
    static boolean isAcceptable(String candidate) {
        if (candidate == null || candidate.isEmpty() || candidate.length() > MAX_LENGTH) {
            return false;
        }
        return candidate.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
    }

    /**
     * 128 random bits as hex. Ids correlate log lines and guard nothing, so a fast generator
     * serves: SecureRandom here cost more per request than serving a small file.
     */
    static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong());
    }
}
