package onebox.observability;

import java.security.SecureRandom;
import java.util.HexFormat;

/** The rules for X-Request-Id: keep the client's when it is short and printable. */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "request_id";
    static final int MAX_LENGTH = 128;

    private static final SecureRandom RANDOM = new SecureRandom();

    private RequestIds() {}

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

    static String generate() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
