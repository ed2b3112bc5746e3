package org.xnio.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** Polled as {@link WorkerThread}'s loop polls: until null, then once more, then a select. */
class TurnTaskQueueTest {

    private final TurnTaskQueue queue = new TurnTaskQueue();

    @Test
    void aTurnHandsOutTheTasksQueuedWhenItBeganThenSaysNullTwice() {
        Runnable first = () -> {};
        Runnable second = () -> {};
        queue.add(first);
        queue.add(second);
        assertSame(first, queue.poll());
        assertSame(second, queue.poll());
        assertNull(queue.poll());
        assertNull(queue.poll());
    }

    @Test
    void aTaskQueuedDuringATurnWaitsForTheNextTurn() {
        Runnable early = () -> {};
        Runnable late = () -> {};
        queue.add(early);
        assertSame(early, queue.poll());
        queue.add(late);
        assertNull(queue.poll());
        assertNull(queue.poll(), "the loop's second poll, for delayed tasks, ends the turn too");
        assertSame(late, queue.peek(), "the loop peeks before it selects, and selects without blocking");
        assertFalse(queue.isEmpty());
        assertSame(late, queue.poll(), "the next turn begins with it");
        assertNull(queue.poll());
    }

    @Test
    void anEmptyTurnEndsAtOnceAndTheNextOneSeesNewTasks() {
        assertNull(queue.poll());
        Runnable dueNow = () -> {};
        queue.add(dueNow);
        assertNull(queue.poll(), "a delayed task moved in between the two polls waits one select");
        assertSame(dueNow, queue.poll());
        assertEquals(0, queue.size());
    }
}
