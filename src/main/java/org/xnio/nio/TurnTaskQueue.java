package org.xnio.nio;

import java.util.AbstractQueue;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * An IO thread's task queue that hands out, on each turn of the thread's loop, only the
 * tasks that were queued when the turn began. {@link WorkerThread}'s loop polls until it
 * gets null and then selects; after a first null it polls once more, for delayed tasks that
 * fell due. This queue answers null to both, so a task queued during a turn runs after the
 * thread has polled its selector once (without blocking, since the queue is not empty).
 * Used only under the thread's work lock, as the queue it replaces was.
 */
final class TurnTaskQueue extends AbstractQueue<Runnable> {

    /** No turn open: the next poll opens one with the tasks queued at that moment. */
    private static final int FRESH = -1;
    /** The turn has handed out its tasks and said null once; the second null ends it. */
    private static final int CLOSING = -2;

    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private int leftInTurn = FRESH;

    @Override
    public boolean offer(Runnable task) {
        return tasks.offer(task);
    }

    @Override
    public Runnable poll() {
        if (leftInTurn == FRESH) {
            leftInTurn = tasks.size();
        }
        if (leftInTurn == CLOSING) {
            leftInTurn = FRESH;
            return null;
        }
        if (leftInTurn == 0) {
            leftInTurn = CLOSING;
            return null;
        }
        leftInTurn--;
        return tasks.poll();
    }

    @Override
    public Runnable peek() {
        return tasks.peek();
    }

    @Override
    public int size() {
        return tasks.size();
    }

    @Override
    public Iterator<Runnable> iterator() {
        return tasks.iterator();
    }
}
