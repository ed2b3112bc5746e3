package org.xnio.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

/** A ready socket beside a chain of self-queueing tasks ({@link TaskChain}), on one IO thread. */
class TurnTakingWorkerTest {

    private static final OptionMap ONE_IO_THREAD = OptionMap.builder()
            .set(Options.WORKER_IO_THREADS, 1).set(Options.WORKER_TASK_CORE_THREADS, 1)
            .set(Options.WORKER_TASK_MAX_THREADS, 1).getMap();

    @Test
    void aReadySocketIsServedWhileTasksKeepQueueingTasks() throws Exception {
        XnioWorker worker = TurnTakingWorker.create(Xnio.getInstance(), ONE_IO_THREAD);
        try {
            int ranBefore = TaskChain.tasksRunBeforeAReadySocket(worker);
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
            assertEquals(TaskChain.LENGTH, TaskChain.tasksRunBeforeAReadySocket(worker));
        } finally {
            worker.shutdownNow();
        }
    }
}
