package onebox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import onebox.testing.DebianPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's PostgreSQL stopped, then hung (SIGSTOP), under the running app: API calls fail
 * fast with 503 + Retry-After, /readyz says not ready, /healthz stays up, and service
 * resumes by itself when the database is back.
 */
@Timeout(240)
class AppOutageTest {

    private static final Duration FAIL_FAST = Duration.ofSeconds(8);
    private static final Duration RECOVERY = Duration.ofSeconds(45);

    @TempDir
    static Path dir;

    static DebianPostgres cluster;
    static RunningApp onebox;
    static final HttpClient admin = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        cluster = DebianPostgres.started();
        onebox = new RunningApp(dir, "PG_DSN", cluster.dsn());
        var created = onebox.send("POST", "/api/products", "application/json",
                "{\"name\":\"kept\",\"quantity\":3}".getBytes());
        assertEquals(201, created.statusCode(), created.body());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (onebox != null) {
                onebox.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    void stoppedDatabaseGives503FastAndServiceResumesWhenItReturns() throws Exception {
        cluster.stop();
        try {
            assertOutage("stopped");
        } finally {
            cluster.start();
        }
        assertRecovery("stopped");
    }

    @Test
    void hungDatabaseGives503FastAndServiceResumesAfterSigcont() throws Exception {
        List<String> pids = stopPostgres();
        try {
            assertOutage("hung");
        } finally {
            signal("-CONT", pids);
        }
        assertRecovery("hung");
    }

    private static void assertOutage(String how) throws Exception {
        long start = System.nanoTime();
        var read = onebox.get("/api/products/kept");
        Duration answered = since(start);
        assertEquals(503, read.statusCode(), read.body());
        assertTrue(read.headers().firstValue("Retry-After").isPresent(), "no Retry-After");
        assertEquals("application/problem+json", read.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(answered.compareTo(FAIL_FAST) < 0, "503 took " + answered);
        var write = onebox.send("POST", "/api/products", "application/json", "{\"name\":\"x\",\"quantity\":1}".getBytes());
        assertEquals(503, write.statusCode(), write.body());
        await(() -> status("/readyz") == 503, Duration.ofSeconds(30), "/readyz still ready");
        Duration notReady = since(start);
        assertEquals(200, status("/healthz"));
        System.out.printf("outage (%s): first API call answered 503 after %d ms, /readyz not ready after %d ms,"
                + " /healthz 200%n", how, answered.toMillis(), notReady.toMillis());
    }

    private static void assertRecovery(String how) throws Exception {
        long start = System.nanoTime();
        await(() -> apiStatus() == 200, RECOVERY, "API still failing after the database returned");
        Duration api = since(start);
        await(() -> status("/readyz") == 200, RECOVERY, "/readyz not ready after the database returned");
        System.out.printf("recovery (%s): API answered 200 after %d ms, /readyz ready after %d ms, no restart%n",
                how, api.toMillis(), since(start).toMillis());
        assertEquals("{\"name\":\"kept\",\"quantity\":3}", onebox.get("/api/products/kept").body());
    }

    private static int apiStatus() {
        try {
            return onebox.get("/api/products/kept").statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static int status(String adminPath) {
        try {
            return admin.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + onebox.app.adminPort() + adminPath))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static void await(BooleanSupplier condition, Duration limit, String failure) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(failure + " (waited " + limit + ")");
            }
            Thread.sleep(100);
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /**
     * SIGSTOP to the postmaster and then to all its children: stopping only the postmaster leaves
     * backends answering, and stopping it first means no new backend appears after the listing.
     */
    private static List<String> stopPostgres() throws IOException, InterruptedException {
        String postmaster = Files.readAllLines(cluster.dataDirectory().resolve("postmaster.pid")).getFirst().strip();
        signal("-STOP", List.of(postmaster));
        List<String> pids = new ArrayList<>(List.of(postmaster));
        ProcessHandle.of(Long.parseLong(postmaster)).orElseThrow().descendants()
                .forEach(child -> pids.add(Long.toString(child.pid())));
        signal("-STOP", pids);
        return pids;
    }

    private static void signal(String signal, List<String> pids) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kill", signal));
        command.addAll(pids);
        Process kill = new ProcessBuilder(command).inheritIO().start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS), "kill " + signal + " did not finish");
        assertEquals(0, kill.exitValue(), "kill " + signal + " " + pids);
    }
}
