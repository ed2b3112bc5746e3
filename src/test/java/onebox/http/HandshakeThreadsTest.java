package onebox.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
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
