package onebox.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Protocols;
import java.util.function.Consumer;

/**
 * Ends HTTP/1.1 exchanges on their connection's IO thread. When a worker thread ends an HTTP/1.1
 * exchange, Undertow 2.3 hands the connection back to the IO thread through a
 * compare-and-set that the IO thread spins on until the worker has resumed reads; on a
 * busy 2-core machine a preempted worker kept the IO threads spinning for milliseconds
 * (two thirds of their samples on the point-read route in issue 6's profile). Ending on the
 * IO thread takes Undertow's uncontended path and costs one task hand-off, which resuming
 * reads from the worker cost as well.
 */
final class IoThread {

    private IoThread() {}

    /** Runs {@code respond} now on the IO thread, or right after the current worker handler returns. */
    static void respond(HttpServerExchange exchange, Consumer<HttpServerExchange> respond) {
        // HTTP/2 streams end without that hand-back; answering them from the worker also lets
        // Undertow count a client's resets of streams in flight (rapid reset, CVE-2023-44487).
        if (exchange.isInIoThread() || exchange.getProtocol().equals(Protocols.HTTP_2_0)) {
            respond.accept(exchange);
        } else {
            exchange.dispatch(exchange.getIoThread(), respond::accept);
        }
    }
}
