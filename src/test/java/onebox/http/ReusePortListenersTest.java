package onebox.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.xnio.OptionMap;
import org.xnio.nio.TaskChain;

/** The public listeners' own IO threads take turns between queued tasks and ready sockets. */
class ReusePortListenersTest {

    @Test
    void aReadySocketIsServedWhileTasksKeepQueueingTasks() throws Exception {
        try (var listeners = ReusePortListeners.start(OptionMap.EMPTY, OptionMap.EMPTY, Duration.ofSeconds(2))) {
            int ranBefore = TaskChain.tasksRunBeforeAReadySocket(listeners.worker());
            assertTrue(ranBefore < 10, "the read listener waited for " + ranBefore + " tasks of the chain");
        }
    }
}
