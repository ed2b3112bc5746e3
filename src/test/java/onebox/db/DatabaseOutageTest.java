package onebox.db;

import static onebox.db.TestDatabases.FAST_BACKOFF;
import static onebox.db.TestDatabases.await;
import static onebox.db.TestDatabases.awaitReady;
import static onebox.db.TestDatabases.problem;
import static onebox.db.TestDatabases.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import onebox.products.JooqProductRepository;
import onebox.products.Product;
import onebox.products.ProductRepository;
import onebox.products.ProductRepository.StorageUnavailable;
import onebox.testing.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL that is down, goes away or hangs: onebox starts anyway, says why it is not
 * ready, fails calls fast with StorageUnavailable and recovers without a restart.
 * The server is a real PostgreSQL 15 on a fixed loopback port that the test stops and starts.
 */
@Timeout(120)
class DatabaseOutageTest {

    private static final Duration FAIL_FAST = Duration.ofSeconds(8);

    @TempDir
    Path serverData;

    @TempDir
    Path unusedDataDir;

    private final int port = Ports.free();

    @Test
    void serverDownAtStartIsReportedThenReadyWhenItComesUp() {
        long started = System.nanoTime();
        try (Database database = Database.open(settings(unusedDataDir, Optional.of(dsn())), FAST_BACKOFF)) {
            assertTrue(elapsed(started).compareTo(FAIL_FAST) < 0, "open took " + elapsed(started));
            await(() -> problem(database, "database").orElse("").contains("refused"), Duration.ofSeconds(10),
                    () -> "database check says " + problem(database, "database"));
            assertTrue(problem(database, "migrations").orElseThrow().startsWith(
                    "migrations not applied to 127.0.0.1:" + port + "/postgres: "), problem(database, "migrations").toString());

            try (EmbeddedDatabase server = EmbeddedDatabase.start(serverData, port)) {
                awaitReady(database, Duration.ofSeconds(30));
                ProductRepository products = new JooqProductRepository(database.dsl());
                assertEquals("late", products.create("late", 1).orElseThrow().name());
            }
        }
    }

    @Test
    void stoppedServerFailsFastThenServiceResumesWithItsData() {
        try (Database database = Database.open(settings(unusedDataDir, Optional.of(dsn())), FAST_BACKOFF)) {
            ProductRepository products = new JooqProductRepository(database.dsl());
            Product kept;
            try (EmbeddedDatabase server = EmbeddedDatabase.start(serverData, port)) {
                awaitReady(database, Duration.ofSeconds(30));
                kept = products.create("kept", 5).orElseThrow();
            }

            long failed = System.nanoTime();
            assertThrows(StorageUnavailable.class, () -> products.find("kept"));
            assertThrows(StorageUnavailable.class, () -> products.put("kept", 6, OptionalLong.empty()));
            assertTrue(elapsed(failed).compareTo(FAIL_FAST) < 0, "failing took " + elapsed(failed));
            await(() -> problem(database, "database").isPresent(), Duration.ofSeconds(10), () -> "still ready");

            try (EmbeddedDatabase server = EmbeddedDatabase.start(serverData, port)) {
                awaitReady(database, Duration.ofSeconds(30));
                assertEquals(Optional.of(kept), products.find("kept"));
            }
        }
    }

    @Test
    void hungServerFailsFastThenServiceResumes() throws Exception {
        try (EmbeddedDatabase server = EmbeddedDatabase.start(serverData, port);
                Database database = Database.open(settings(unusedDataDir, Optional.of(dsn())), FAST_BACKOFF)) {
            awaitReady(database, Duration.ofSeconds(30));
            ProductRepository products = new JooqProductRepository(database.dsl());
            products.create("frozen", 1);
            List<String> pids = postgresPids(serverData);

            signal("-STOP", pids);
            try {
                long failed = System.nanoTime();
                assertThrows(StorageUnavailable.class, () -> products.find("frozen"));
                assertTrue(elapsed(failed).compareTo(FAIL_FAST) < 0, "failing took " + elapsed(failed));
            } finally {
                signal("-CONT", pids);
            }

            await(() -> {
                try {
                    return products.find("frozen").isPresent();
                } catch (StorageUnavailable e) {
                    return false;
                }
            }, Duration.ofSeconds(30), () -> "no recovery after SIGCONT");
        }
    }

    private String dsn() {
        return "postgres://postgres@127.0.0.1:" + port + "/postgres";
    }

    private static Duration elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** The postmaster (first line of postmaster.pid) and all its backends. */
    private static List<String> postgresPids(Path dataDir) throws IOException {
        long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).getFirst().strip());
        List<String> pids = new ArrayList<>();
        pids.add(Long.toString(postmaster));
        ProcessHandle.of(postmaster).orElseThrow().descendants().forEach(p -> pids.add(Long.toString(p.pid())));
        return pids;
    }

    private static void signal(String signal, List<String> pids) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kill", signal));
        command.addAll(pids);
        Process kill = new ProcessBuilder(command).inheritIO().start();
        assertTrue(kill.waitFor(10, java.util.concurrent.TimeUnit.SECONDS), "kill did not finish");
    }
}
