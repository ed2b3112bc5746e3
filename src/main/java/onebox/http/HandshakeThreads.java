package onebox.http;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads that run the TLS handshakes' delegated tasks (key exchange, signatures): one per
 * core, narrowed to one while a burst of new connections waits. Undertow runs those tasks on the
 * worker pool unless told otherwise, sixteen threads on two cores: when 1000 clients connected at
 * once, the two IO threads were two of eighteen runnable threads, and the requests of connections
 * already open waited behind the handshakes of new ones.
 *
 * <p>Measured in issue 6's bench, where 16 handshaking clients share the two cores: the pool made
 * 735–808 full handshakes per second (0.68–0.70 of nginx), one thread per core 571 (0.56), one
 * thread in all 502–505 (0.49–0.54); the 1000-connection p99 was 358–390 ms with the pool, 137
 * with one thread per core and 118–188 with one thread in all. A burst (more than {@link #BURST}
 * tasks waiting) is what 1000 clients at once make and 16 do not, so a burst gets one thread and
 * leaves a core to the connections already open, and a steady stream gets one per core.
 */
final class HandshakeThreads implements Executor, AutoCloseable {

    /** Tasks waiting beyond which the threads narrow to one; below a quarter of it they widen again. */
    static final int BURST = 64;

    private final int threads;
    private final ThreadPoolExecutor pool;
    private volatile boolean narrowed;

    HandshakeThreads(int threads) {
        this.threads = threads;
        pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
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
        int waiting = pool.getQueue().size();
        if (narrowed ? waiting < BURST / 4 : waiting > BURST) {
            narrow(!narrowed);
        }
    }

    /** How many threads may run tasks now. */
    int width() {
        return pool.getMaximumPoolSize();
    }

    private synchronized void narrow(boolean narrow) {
        if (narrowed == narrow) {
            return;
        }
        narrowed = narrow;
        // A thread beyond the maximum ends when its task does; widening starts threads for the waiting tasks.
        if (narrow) {
            pool.setCorePoolSize(1);
            pool.setMaximumPoolSize(1);
        } else {
            pool.setMaximumPoolSize(threads);
            pool.setCorePoolSize(threads);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
