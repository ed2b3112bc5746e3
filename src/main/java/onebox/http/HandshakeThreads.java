package onebox.http;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * The threads that run the TLS handshakes' delegated tasks (key exchange, signatures): one per
 * core. Undertow runs those tasks on the worker pool unless told otherwise, sixteen threads on two
 * cores: when 1000 clients connected at once, the two IO threads were two of eighteen runnable
 * threads, and the requests of connections already open waited behind the handshakes of new ones.
 *
 * <p>What the cap costs, measured in issue 6's bench where 16 handshaking clients share the two
 * cores: the pool made 735–808 full handshakes per second (0.68–0.70 of nginx), one thread per
 * core 571 (0.56), one thread in all 502–505 (0.49–0.54). What it buys: the 1000-connection p99
 * was 358–390 ms with the pool, 137 with one thread per core and 118–188 with one thread in all.
 */
final class HandshakeThreads implements Executor, AutoCloseable {

    private final ExecutorService pool;

    HandshakeThreads(int threads) {
        pool = Executors.newFixedThreadPool(threads,
                Thread.ofPlatform().name("onebox-tls-handshake-", 1).daemon(true).factory());
    }

    static HandshakeThreads onePerCore() {
        return new HandshakeThreads(Runtime.getRuntime().availableProcessors());
    }

    @Override
    public void execute(Runnable task) {
        pool.execute(() -> {
            try {
                task.run();
            } catch (RejectedExecutionException ioThreadStopped) {
                // The task's last step hands the connection back to its IO thread; when the worker
                // is stopping that thread is gone, and the connection closes with the worker.
            }
        });
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
