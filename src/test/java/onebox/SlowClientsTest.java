package onebox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slowloris: hundreds of TLS connections each dribbling one header line every half second,
 * never finishing their headers. ONEBOX_HEADER_TIMEOUT cuts every one of them off, while an
 * ordinary client keeps getting answers all along.
 */
@Timeout(120)
class SlowClientsTest {

    private static final int SLOW_CLIENTS = 300;
    private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration DRIP = Duration.ofMillis(500);
    /** A slow client gives up by itself after this long, so the test is bounded even if the server never cuts. */
    private static final Duration SLOW_CLIENT_LIMIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void slowHeadersAreCutOffWhileOthersAreServed() throws Exception {
        try (var onebox = new RunningApp(dir, "ONEBOX_HEADER_TIMEOUT", String.valueOf(HEADER_TIMEOUT.toSeconds()));
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            assertEquals(200, onebox.get("/api/products?limit=1").statusCode()); // the normal client connects first
            var dripping = new CountDownLatch(SLOW_CLIENTS);
            List<Future<Duration>> slow = new ArrayList<>();
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                slow.add(threads.submit(() -> dripUntilCut(onebox, dripping)));
            }
            assertTrue(dripping.await(60, TimeUnit.SECONDS), "slow clients did not all connect");
            List<Duration> latencies = new ArrayList<>();
            long until = System.nanoTime() + HEADER_TIMEOUT.toNanos();
            while (System.nanoTime() < until) {
                long start = System.nanoTime();
                assertEquals(200, onebox.get("/api/products?limit=1").statusCode());
                latencies.add(Duration.ofNanos(System.nanoTime() - start));
            }
            List<Duration> cuts = new ArrayList<>();
            for (Future<Duration> client : slow) {
                cuts.add(client.get(SLOW_CLIENT_LIMIT.toSeconds() + 10, TimeUnit.SECONDS));
            }
            Collections.sort(latencies);
            Collections.sort(cuts);
            System.out.printf("slowloris: %d slow clients; %d answers to the normal client, latency median %d ms,"
                            + " max %d ms; slow clients cut after %d..%d ms%n", SLOW_CLIENTS, latencies.size(),
                    latencies.get(latencies.size() / 2).toMillis(), latencies.getLast().toMillis(),
                    cuts.getFirst().toMillis(), cuts.getLast().toMillis());
            // Generous bounds: the machine is shared; without the header timeout the cuts would never come.
            assertTrue(latencies.size() >= 5, "only " + latencies.size() + " answers");
            assertTrue(latencies.getLast().compareTo(Duration.ofSeconds(3)) < 0, "slowest answer " + latencies.getLast());
            assertTrue(cuts.getLast().compareTo(HEADER_TIMEOUT.plusSeconds(6)) < 0, "last cut after " + cuts.getLast());
        }
    }

    /** How long the server let this connection dribble before closing it. */
    private static Duration dripUntilCut(RunningApp onebox, CountDownLatch dripping) throws IOException {
        try (SSLSocket socket = onebox.socket()) {
            socket.startHandshake();
            long start = System.nanoTime();
            socket.setSoTimeout((int) DRIP.toMillis());
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write("GET /api/products HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            dripping.countDown();
            for (int line = 0; System.nanoTime() - start < SLOW_CLIENT_LIMIT.toNanos(); line++) {
                try {
                    out.write(("X-Drip-" + line + ": x\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    in.read(); // returns at once when the server closes; times out after DRIP otherwise
                    break;
                } catch (SocketTimeoutException stillOpen) {
                    // the server is still waiting for the rest of the headers
                } catch (IOException cut) {
                    break;
                }
            }
            return Duration.ofNanos(System.nanoTime() - start);
        }
    }
}
