package onebox.http;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import onebox.config.ListenerLimits;
import org.xnio.Options;

/**
 * Turns {@link ListenerLimits} into Undertow and XNIO options. Undertow's defaults assume a
 * proxy in front: no deadline for a request's headers (a slowloris keeps its connection
 * forever), unlimited HTTP/2 streams, 1 MiB of headers.
 */
final class ListenerOptions {

    /**
     * Headers between the limit and this multiple get a 431 from {@code HeaderLimit}; beyond it
     * Undertow's parser stops reading, answers 400 and closes the connection.
     */
    static final int PARSER_HEADER_FACTOR = 4;
    /** CVE-2023-44487 (rapid reset): a connection resetting more streams than this per window is closed. */
    static final int MAX_RST_FRAMES_PER_WINDOW = 200;
    static final int RST_FRAMES_WINDOW_MILLIS = 30_000;

    private ListenerOptions() {}

    static void apply(Undertow.Builder builder, ListenerLimits limits) {
        int parserHeaderBytes = limits.maxHeaderBytes() * PARSER_HEADER_FACTOR;
        builder.setServerOption(UndertowOptions.MAX_HEADER_SIZE, parserHeaderBytes)
                .setServerOption(UndertowOptions.MAX_HEADERS, limits.maxHeaders())
                .setServerOption(UndertowOptions.MAX_PARAMETERS, limits.maxParameters())
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, millis(limits.headerTimeout()))
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, millis(limits.idleTimeout()))
                .setServerOption(UndertowOptions.IDLE_TIMEOUT, millis(limits.idleTimeout()))
                .setServerOption(UndertowOptions.HTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, limits.h2MaxStreams())
                .setServerOption(UndertowOptions.MAX_RST_FRAMES_PER_WINDOW, MAX_RST_FRAMES_PER_WINDOW)
                .setServerOption(UndertowOptions.RST_FRAMES_TIME_WINDOW, RST_FRAMES_WINDOW_MILLIS)
                // A client that stops sending (or reading) mid-request is cut off after this silence.
                .setSocketOption(Options.READ_TIMEOUT, millis(limits.bodyTimeout()))
                .setSocketOption(Options.WRITE_TIMEOUT, millis(limits.bodyTimeout()))
                // XNIO stops accepting once one connection short of the high-water mark (ConnectionLimitTest
                // shows it), and starts again at the low one.
                .setSocketOption(Options.CONNECTION_HIGH_WATER, limits.maxConnections() + 1)
                .setSocketOption(Options.CONNECTION_LOW_WATER, Math.max(1, limits.maxConnections() * 9 / 10));
    }

    private static int millis(java.time.Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }
}
