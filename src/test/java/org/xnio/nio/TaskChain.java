package org.xnio.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.xnio.ChannelPipe;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;

/**
 * On a worker's first IO thread: a chain of tasks that each queue the next one, as Undertow's
 * TLS conduit does for a busy connection, and a pipe with a byte ready to read. Counts how
 * many tasks of the chain ran before the pipe's read listener did. Bounded by the chain's
 * length, not by time.
 */
public final class TaskChain {

    public static final int LENGTH = 20_000;

    private TaskChain() {}

    public static int tasksRunBeforeAReadySocket(XnioWorker worker) throws Exception {
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
                    if (++ran[0] < LENGTH) {
                        thread.execute(this);
                    } else {
                        chainDone.complete(null);
                    }
                }
            });
        });
        int ranBefore = readBy.get(30, TimeUnit.SECONDS);
        chainDone.get(30, TimeUnit.SECONDS);
        pipe.getLeftSide().close();
        pipe.getRightSide().close();
        return ranBefore;
    }
}
