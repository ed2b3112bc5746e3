package org.xnio.nio;

import java.lang.reflect.Field;
import java.util.ArrayDeque;
import org.xnio.OptionMap;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

/**
 * Builds XNIO's NIO worker with IO threads that take turns: each turn runs the tasks queued
 * before it began, then polls the selector (see {@link TurnTaskQueue}). XNIO's own loop runs
 * tasks until its queue is empty, those queued meanwhile included, and only then selects.
 * Undertow's TLS conduit queues a task that calls the read listener again after every read
 * that produced data; under load the client's next request has arrived by the time that
 * task runs, so a busy connection is served from the queue turn after turn while the queue
 * never empties, and connections that wait on the selector are not read at all. With 1000
 * TLS connections on two IO threads, groups of 60 to 320 connections sat for 1 to 7 s with
 * their request in the socket's receive queue (issue 6). Taking turns bounds that wait to
 * one turn.
 *
 * <p>XNIO has no setting for this; the queue is a private final field of its IO thread,
 * replaced here by reflection before the threads start. A version of XNIO without that
 * field stops onebox at start-up, like {@link PreboundTcpServer}'s package-private access
 * does at build time. Writing a final field is allowed on JDK 21 and 25; JDK 26 warns once
 * (JEP 500), and a later JDK will need {@code --enable-final-field-mutation=ALL-UNNAMED}.
 */
public final class TurnTakingWorker {

    private static final Field TASK_QUEUE = taskQueueField();

    private TurnTakingWorker() {}

    /** A started worker configured by {@code options}, as {@link Xnio#createWorker(OptionMap)} makes one. */
    public static XnioWorker create(Xnio xnio, OptionMap options) {
        var worker = new NioXnioWorker(xnio.createWorkerBuilder().populateFromOptions(options));
        for (WorkerThread thread : worker.getAll()) {
            takeTurns(thread);
        }
        worker.start();
        return worker;
    }

    private static void takeTurns(WorkerThread thread) {
        try {
            if (!(TASK_QUEUE.get(thread) instanceof ArrayDeque<?> queue) || !queue.isEmpty()) {
                throw new IllegalStateException("XNIO's IO thread task queue is not the empty ArrayDeque onebox replaces");
            }
            TASK_QUEUE.set(thread, new TurnTaskQueue());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot replace the task queue of XNIO's IO thread", e);
        }
    }

    private static Field taskQueueField() {
        try {
            Field field = WorkerThread.class.getDeclaredField("selectorWorkQueue");
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("XNIO's WorkerThread has no field selectorWorkQueue;"
                    + " onebox replaces it so that IO threads take turns", e);
        }
    }
}
