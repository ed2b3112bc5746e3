package onebox;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ties the app to the JVM's shutdown. The hook is installed before the app starts, so a
 * SIGTERM that arrives during a slow start still closes what was started. A JVM stopped
 * by SIGTERM would exit with 143; a clean stop is a success for systemd and for scripts,
 * so once the app is closed the hook ends the process with 0.
 */
final class Lifecycle {

    private static final long START_WAIT_SECONDS = 60;
    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

    private final CountDownLatch startFinished = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread hook = new Thread(this::shutDown, "onebox-shutdown");
    private volatile AutoCloseable app;
    private volatile int exitCode = Main.OK;

    void install() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    void started(AutoCloseable running) {
        app = running;
        startFinished.countDown();
    }

    /** Start-up failed: the exit that follows must report it, not a clean stop. */
    void startFailed() {
        exitCode = Main.FAILURE;
        startFinished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shutdownInProgress) {
            // The hook is already running and will exit with the failure code.
        }
    }

    /** Blocks until the shutdown hook has closed the app. */
    void awaitClosed() throws InterruptedException {
        try {
            closed.await();
        } catch (InterruptedException e) {
            exitCode = Main.FAILURE;
            throw e;
        }
    }

    private void shutDown() {
        if (!awaitStart()) {
            LOG.error("onebox was still starting after {} s; exiting without a clean stop", START_WAIT_SECONDS);
            halt(Main.FAILURE);
        }
        AutoCloseable running = app;
        if (running == null) {
            halt(exitCode);
        }
        LOG.info("onebox stopping");
        try {
            running.close();
            LOG.info("onebox stopped");
        } catch (Exception e) {
            LOG.error("onebox did not stop cleanly: {}", Main.causeChain(e));
            exitCode = Main.FAILURE;
        } finally {
            closed.countDown();
        }
        halt(exitCode);
    }

    private boolean awaitStart() {
        try {
            return startFinished.await(START_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void halt(int code) {
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(code);
    }
}
