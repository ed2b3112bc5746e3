package onebox.http.guard;

import io.undertow.server.HttpServerExchange;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** The peer of the connection: onebox has no proxy in front, so no forwarded header is trusted. */
final class Clients {

    /** For a peer without a resolved address: never loopback, and all such peers share one bucket. */
    private static final InetAddress UNKNOWN = unspecified();

    private Clients() {}

    private static InetAddress unspecified() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException("0.0.0.0 is a valid address", impossible);
        }
    }

    static InetAddress address(HttpServerExchange exchange) {
        InetSocketAddress source = exchange.getSourceAddress();
        return source == null || source.getAddress() == null ? UNKNOWN : source.getAddress();
    }
}
