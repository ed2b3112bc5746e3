package onebox.http.guard;

import io.undertow.server.HttpServerExchange;
import java.net.InetAddress;

/** The peer of the connection: onebox has no proxy in front, so no forwarded header is trusted. */
final class Clients {

    private Clients() {}

    static InetAddress address(HttpServerExchange exchange) {
        return exchange.getSourceAddress().getAddress();
    }
}
