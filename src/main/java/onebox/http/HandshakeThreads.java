package onebox.http;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * The threads that run the TLS handshakes' delegated tasks (key exchange, signatures): half of
 * the cores, at least one. Undertow runs those tasks on the worker pool unless told otherwise,
 * sixteen threads on two cores: when 1000 clients connected at once, the two IO threads were two
 * of eighteen runnable threads, and the requests of connections already open waited behind the
 * handshakes of new ones (1000 connections: p99 490–570 ms in issue 6's harness, 120–250 with one
 * handshake thread). Capped, a burst of new connections waits for its handshakes instead, and
 * handshakes per second stayed where they were (16 clients of {@code openssl s_time}).
 */
final class HandshakeThreads implements Executor, AutoCloseable {

    private final ExecutorService pool;

    HandshakeThreads(int threads) {
        pool = Executors.newFixedThreadPool(threads,
                Thread.ofPlatform().name("onebox-tls-handshake-", 1).daemon(true).factory());
    }

    static HandshakeThreads halfTheCores() {
        return new HandshakeThreads(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
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
