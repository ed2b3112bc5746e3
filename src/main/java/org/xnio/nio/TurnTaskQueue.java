package org.xnio.nio;

import java.util.ArrayDeque;

/**
 * An IO thread's task queue that hands out, on each turn of the thread's loop, only the
 * tasks that were queued when the turn began. {@link WorkerThread}'s loop polls until it
 * gets null and then selects; after a first null it polls once more, for delayed tasks that
 * fell due. This queue answers null to both, so a task queued during a turn runs after the
 * thread has polled its selector once (without blocking, since the queue is not empty).
 * The loop only adds, polls, peeks and asks whether it is empty, so only {@link #poll()}
 * differs from the {@link ArrayDeque} it replaces. Used only under the thread's work lock.
 */
final class TurnTaskQueue extends ArrayDeque<Runnable> {

    /** No turn open: the next poll opens one with the tasks queued at that moment. */
    private static final int FRESH = -1;
    /** The turn has handed out its tasks and said null once; the second null ends it. */
    private static final int CLOSING = -2;

    private int leftInTurn = FRESH;

    @Override
    public Runnable poll() {
        if (leftInTurn == FRESH) {
            leftInTurn = size();
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
        return super.poll();
    }
}
