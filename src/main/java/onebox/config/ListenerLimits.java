package onebox.config;

import java.time.Duration;

/**
 * What one client may take from the public listeners: header sizes and counts, how long it
 * may take to send its headers and its body, how long an idle connection stays open, how
 * many connections and HTTP/2 streams it may hold. Undertow's own defaults suit a server
 * behind a proxy (no header deadline, unlimited streams); these suit a public API.
 */
public record ListenerLimits(
        int maxHeaderBytes,
        int maxHeaders,
        int maxParameters,
        Duration headerTimeout,
        Duration bodyTimeout,
        Duration idleTimeout,
        int maxConnections,
        int h2MaxStreams) {

    public static final ListenerLimits DEFAULTS = new ListenerLimits(16 * 1024, 100, 100,
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), 2000, 100);

    public ListenerLimits {
        requirePositive(maxHeaderBytes, "ONEBOX_MAX_HEADER_BYTES");
        requirePositive(maxHeaders, "ONEBOX_MAX_HEADERS");
        requirePositive(maxParameters, "ONEBOX_MAX_PARAMETERS");
        requirePositive(maxConnections, "ONEBOX_MAX_CONNECTIONS");
        requirePositive(h2MaxStreams, "ONEBOX_H2_MAX_STREAMS");
        for (Duration timeout : new Duration[] {headerTimeout, bodyTimeout, idleTimeout}) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("listener timeouts must be positive, got " + timeout);
            }
        }
    }

    private static void requirePositive(int value, String setting) {
        if (value < 1) {
            throw new IllegalArgumentException(setting + " must be at least 1, got " + value);
        }
    }
}
