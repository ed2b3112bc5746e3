package onebox.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a check soon after files change (directory watch, debounced, since writers replace
 * a chain and a key one after the other) and on a slow poll in case a watch event is
 * missed. The check runs on one thread, so runs never overlap, and a failure never stops it.
 */
final class ChangeTrigger implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChangeTrigger.class);

    private final Runnable check;
    private final Duration debounce;
    private final ScheduledExecutorService executor;
    private final DirectoryWatcher watcher;
    private ScheduledFuture<?> pending;
    private boolean closed;

    ChangeTrigger(Set<Path> files, Duration poll, Duration debounce, Runnable check) throws IOException {
        this.check = check;
        this.debounce = debounce;
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "onebox-cert-file-reload");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::runSafely, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
        try {
            watcher = new DirectoryWatcher(files, this::changed);
        } catch (IOException e) {
            executor.shutdownNow();
            throw e;
        }
    }

    /** Restarts the debounce: the check runs once things have been quiet for a moment. */
    private synchronized void changed() {
        if (closed) {
            return;
        }
        if (pending != null) {
            pending.cancel(false);
        }
        pending = executor.schedule(this::runSafely, debounce.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runSafely() {
        try {
            check.run();
        } catch (RuntimeException e) {
            log.error("certificate file check failed; the next change or poll tries again", e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        watcher.close();
        executor.shutdownNow();
    }
}
