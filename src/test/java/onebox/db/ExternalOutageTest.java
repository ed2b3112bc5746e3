package onebox.db;

import static onebox.db.TestDatabases.FAST_BACKOFF;
import static onebox.db.TestDatabases.await;
import static onebox.db.TestDatabases.awaitReady;
import static onebox.db.TestDatabases.problem;
import static onebox.db.TestDatabases.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import onebox.products.JooqProductRepository;
import onebox.products.Product;
import onebox.products.ProductRepository;
import onebox.products.ProductRepository.StorageUnavailable;
import onebox.testing.DebianPostgres;
import onebox.testing.Ports;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PG_DSN names Debian's PostgreSQL, which is down when onebox starts, comes up later,
 * stops and returns: onebox follows without a restart.
 */
@Timeout(180)
class ExternalOutageTest {

    private static final Duration FAIL_FAST = Duration.ofSeconds(8);

    @TempDir
    Path unusedDataDir;

    @BeforeAll
    static void requireDebianPostgres() {
        DebianPostgres.requireInstalled();
    }

    @Test
    void startsBeforeItsDatabaseAndFollowsItsOutages() throws Exception {
        try (DebianPostgres server = DebianPostgres.create(Ports.free())) {
            long opening = System.nanoTime();
            try (Database database = Database.open(settings(unusedDataDir, Optional.of(server.dsn())), FAST_BACKOFF)) {
                assertTrue(since(opening).compareTo(FAIL_FAST) < 0, "open took " + since(opening));
                assertFalse(database.embedded());
                await(() -> problem(database, "database").orElse("").contains("refused"), Duration.ofSeconds(10),
                        () -> "database check says " + problem(database, "database"));

                server.start();
                awaitReady(database, Duration.ofSeconds(30));
                ProductRepository products = new JooqProductRepository(database.dsl());
                Product kept = products.create("kept", 3).orElseThrow();

                server.stop();
                long failing = System.nanoTime();
                assertThrows(StorageUnavailable.class, () -> products.find("kept"));
                assertTrue(since(failing).compareTo(FAIL_FAST) < 0, "failing took " + since(failing));
                await(() -> problem(database).isPresent(), Duration.ofSeconds(10), () -> "still ready while down");

                server.start();
                awaitReady(database, Duration.ofSeconds(30));
                assertEquals(Optional.of(kept), products.find("kept"));
            }
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
