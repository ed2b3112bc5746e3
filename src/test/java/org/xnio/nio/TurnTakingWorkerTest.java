package org.xnio.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.xnio.ChannelPipe;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;

/**
 * An IO thread with a chain of tasks that each queue the next one, as Undertow's TLS conduit
 * does for a busy connection, and a pipe with a byte ready to read: the pipe's read listener
 * counts how many tasks of the chain ran before it. Bounded by the chain's length, not by time.
 */
class TurnTakingWorkerTest {

    private static final int CHAIN = 20_000;
    private static final OptionMap ONE_IO_THREAD = OptionMap.builder()
            .set(Options.WORKER_IO_THREADS, 1).set(Options.WORKER_TASK_CORE_THREADS, 1)
            .set(Options.WORKER_TASK_MAX_THREADS, 1).getMap();

    @Test
    void aReadySocketIsServedWhileTasksKeepQueueingTasks() throws Exception {
        XnioWorker worker = TurnTakingWorker.create(Xnio.getInstance(), ONE_IO_THREAD);
        try {
            int ranBefore = tasksRunBeforeTheReadListener(worker);
            assertTrue(ranBefore < 10, "the read listener waited for " + ranBefore + " tasks of the chain");
        } finally {
            worker.shutdownNow();
        }
    }

    /** Why the worker exists: XNIO's own loop runs the whole chain before it selects. */
    @Test
    void xniosOwnWorkerRunsTheWholeChainFirst() throws Exception {
        XnioWorker worker = Xnio.getInstance().createWorker(ONE_IO_THREAD);
        try {
            assertEquals(CHAIN, tasksRunBeforeTheReadListener(worker));
        } finally {
            worker.shutdownNow();
        }
    }

    private static int tasksRunBeforeTheReadListener(XnioWorker worker) throws Exception {
        XnioIoThread thread = worker.getIoThread(0);
        ChannelPipe<StreamConnection, StreamConnection> pipe = thread.createFullDuplexPipeConnection();
        int[] ran = {0};
        var readBy = new CompletableFuture<Integer>();
        var chainDone = new CompletableFuture<Void>();
        pipe.getLeftSide().getSourceChannel().setReadListener(source -> {
            source.suspendReads();
            readBy.complete(ran[0]);
        });
        thread.execute(() -> {
            // Both on the IO thread: the byte is ready and reads are resumed before the chain
            // starts, and the selector can only see them once the thread selects.
            pipe.getLeftSide().getSourceChannel().resumeReads();
            try {
                pipe.getRightSide().getSinkChannel().write(ByteBuffer.wrap(new byte[] {1}));
            } catch (IOException e) {
                readBy.completeExceptionally(e);
            }
            thread.execute(new Runnable() {
                @Override
                public void run() {
                    if (++ran[0] < CHAIN) {
                        thread.execute(this);
                    } else {
                        chainDone.complete(null);
                    }
                }
            });
        });
        int ranBefore = readBy.get(30, TimeUnit.SECONDS);
        chainDone.get(30, TimeUnit.SECONDS);
        return ranBefore;
    }
}
