package onebox.http;

import io.undertow.server.HttpServerExchange;
import java.util.function.Consumer;

/**
 * Ends exchanges on their connection's IO thread. When a worker thread ends an HTTP/1.1
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
        if (exchange.isInIoThread()) {
            respond.accept(exchange);
        } else {
            exchange.dispatch(exchange.getIoThread(), respond::accept);
        }
    }
}
