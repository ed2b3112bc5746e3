package onebox.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class HandshakeThreadsTest {

    @Test
    void tlsHandshakesOfThePublicListenerRunTheirTasksOnTheHandshakeThreads() throws Exception {
        try (var server = new TestServer()) {
            for (var version : List.of(HttpClient.Version.HTTP_1_1, HttpClient.Version.HTTP_2)) {
                // A client of its own: a new connection, so a handshake.
                var response = server.send(TestServer.client(version), server.request("/nothing-here").GET().build());
                assertEquals(404, response.statusCode());
            }

            List<String> handshakeThreads = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                    .filter(name -> name.startsWith("onebox-tls-handshake-")).toList();
            assertFalse(handshakeThreads.isEmpty(), "no handshake task ran on a onebox-tls-handshake thread");
            int cores = Runtime.getRuntime().availableProcessors();
            assertTrue(handshakeThreads.size() <= cores, handshakeThreads + " are more than one per core");
        }
    }

    @Test
    void aBurstOfHandshakesGetsOneThreadAndASteadyStreamOnePerCore() throws Exception {
        try (var threads = new HandshakeThreads(2)) {
            var gate = new CountDownLatch(1);
            var bothBusy = new CountDownLatch(2);
            for (int i = 0; i < 2; i++) {
                threads.execute(() -> {
                    bothBusy.countDown();
                    await(gate);
                });
            }
            assertTrue(bothBusy.await(10, TimeUnit.SECONDS));
            assertEquals(2, threads.width());

            var running = new AtomicInteger();
            var mostAtOnce = new AtomicInteger();
            var burstDone = new CountDownLatch(HandshakeThreads.BURST + 1);
            for (int i = 0; i <= HandshakeThreads.BURST; i++) {
                threads.execute(() -> {
                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                    LockSupport.parkNanos(1_000_000); // long enough for a second thread to overlap
                    running.decrementAndGet();
                    burstDone.countDown();
                });
            }
            assertEquals(1, threads.width(), "more than BURST tasks waiting");
            gate.countDown();
            assertTrue(burstDone.await(10, TimeUnit.SECONDS));
            assertEquals(1, mostAtOnce.get(), "the burst's tasks ran one at a time");

            // The queue is empty again: the next task widens the threads, and two tasks run side by side.
            var meet = new CyclicBarrier(2);
            var met = new CountDownLatch(2);
            for (int i = 0; i < 2; i++) {
                threads.execute(() -> {
                    try {
                        meet.await(10, TimeUnit.SECONDS);
                        met.countDown();
                    } catch (Exception alone) {
                        // met stays above zero and the assertion below fails
                    }
                });
            }
            assertEquals(2, threads.width());
            assertTrue(met.await(10, TimeUnit.SECONDS), "two tasks did not run at once");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException closed) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aTaskWhoseIoThreadHasStoppedDoesNotKillTheThread() throws Exception {
        try (var threads = new HandshakeThreads(1)) {
            var ranOn = new CopyOnWriteArrayList<Thread>();
            var done = new CountDownLatch(2);
            threads.execute(() -> {
                ranOn.add(Thread.currentThread());
                done.countDown();
                throw new RejectedExecutionException("XNIO007007: Thread is terminating");
            });
            threads.execute(() -> {
                ranOn.add(Thread.currentThread());
                done.countDown();
            });

            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertEquals(2, ranOn.size());
            assertEquals(ranOn.get(0), ranOn.get(1), "the same thread ran both tasks");
            assertEquals("onebox-tls-handshake-1", ranOn.get(0).getName());
        }
    }

    @Test
    void closedThreadsRefuseTasks() {
        var threads = new HandshakeThreads(1);
        threads.close();

        assertThrows(RejectedExecutionException.class, () -> threads.execute(() -> { }));
    }
}
