package onebox.http;

import io.undertow.UndertowOptions;
import java.time.Duration;
import onebox.config.ListenerLimits;
import org.xnio.OptionMap;
import org.xnio.Options;

/**
 * Turns {@link ListenerLimits} into Undertow and XNIO options. Undertow's defaults assume a
 * proxy in front: no deadline for a request's headers (a slowloris keeps its connection
 * forever), unlimited HTTP/2 streams, 1 MiB of headers.
 */
final class ListenerOptions {

    /**
     * Header bytes, header fields and parameters between their limit and this multiple of it get
     * a problem+json from {@code RequestFraming}; beyond it Undertow's parser stops reading, answers
     * a bare 400 and closes the connection.
     */
    static final int PARSER_FACTOR = 4;
    /** CVE-2023-44487 (rapid reset): a connection resetting more streams than this per window is closed. */
    static final int MAX_RST_FRAMES_PER_WINDOW = 200;
    static final int RST_FRAMES_WINDOW_MILLIS = 30_000;

    private ListenerOptions() {}

    /** For Undertow's HTTP/1.1 and HTTP/2 listeners. */
    static OptionMap serverOptions(ListenerLimits limits) {
        return OptionMap.builder()
                .set(UndertowOptions.MAX_HEADER_SIZE, limits.maxHeaderBytes() * PARSER_FACTOR)
                .set(UndertowOptions.MAX_HEADERS, limits.maxHeaders() * PARSER_FACTOR)
                .set(UndertowOptions.MAX_PARAMETERS, limits.maxParameters() * PARSER_FACTOR)
                .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, millis(limits.headerTimeout()))
                .set(UndertowOptions.NO_REQUEST_TIMEOUT, millis(limits.idleTimeout()))
                .set(UndertowOptions.IDLE_TIMEOUT, millis(limits.idleTimeout()))
                .set(UndertowOptions.HTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, limits.h2MaxStreams())
                .set(UndertowOptions.MAX_RST_FRAMES_PER_WINDOW, MAX_RST_FRAMES_PER_WINDOW)
                .set(UndertowOptions.RST_FRAMES_TIME_WINDOW, RST_FRAMES_WINDOW_MILLIS)
                .getMap();
    }

    /** For each listening socket: applied by XNIO to the connections it accepts. */
    static OptionMap socketOptions(ListenerLimits limits) {
        return OptionMap.builder()
                // A client that stops sending (or reading) mid-request is cut off after this silence.
                .set(Options.READ_TIMEOUT, millis(limits.bodyTimeout()))
                .set(Options.WRITE_TIMEOUT, millis(limits.bodyTimeout()))
                // XNIO stops accepting one connection short of the high-water mark (ConnectionLimitTest
                // shows it), and starts again below the low one.
                .set(Options.CONNECTION_HIGH_WATER, limits.maxConnections() + 1)
                .set(Options.CONNECTION_LOW_WATER, Math.max(1, limits.maxConnections() * 9 / 10))
                .getMap();
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }
}
