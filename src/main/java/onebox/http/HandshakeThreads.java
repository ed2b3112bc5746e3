package onebox.http;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * The threads that run the TLS handshakes' delegated tasks (key exchange, signatures): one per
 * core. Undertow runs those tasks on the worker pool unless told otherwise, sixteen threads on two
 * cores: when 1000 clients connected at once, the two IO threads were two of eighteen runnable
 * threads, and the requests of connections already open waited behind the handshakes of new ones.
 * In issue 6's harness the 1000-connection p99 was 490–570 ms with the pool, 160–330 with one
 * thread per core and 120–250 with one thread in all; but one thread in all cut the bench's full
 * handshakes per second by a third, and one per core leaves them where the pool had them.
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
