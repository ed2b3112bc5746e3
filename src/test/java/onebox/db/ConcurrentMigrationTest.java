package onebox.db;

import static onebox.db.TestDatabases.awaitReady;
import static onebox.db.TestDatabases.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Instances starting together on one empty database migrate it once (Flyway's advisory lock). */
class ConcurrentMigrationTest {

    private static final int INSTANCES = 4;

    @TempDir
    Path serverData;

    @TempDir
    Path unusedDataDir;

    @Test
    void instancesOpeningAtOnceMigrateOnce() throws Exception {
        try (EmbeddedDatabase server = EmbeddedDatabase.start(serverData)) {
            createDatabase(server, "twins");
            String dsn = "postgres://postgres@127.0.0.1:" + server.port() + "/twins";
            ExecutorService starters = Executors.newFixedThreadPool(INSTANCES);
            List<Future<Database>> opening = new ArrayList<>();
            try {
                CountDownLatch go = new CountDownLatch(1);
                for (int i = 0; i < INSTANCES; i++) {
                    opening.add(starters.submit(() -> {
                        go.await();
                        return Database.open(settings(unusedDataDir, Optional.of(dsn)));
                    }));
                }
                go.countDown();
                for (Future<Database> future : opening) {
                    awaitReady(future.get(60, TimeUnit.SECONDS), Duration.ofSeconds(60));
                }

                Database any = opening.getFirst().resultNow();
                assertEquals(1L, any.dsl().fetchValue(
                        "SELECT count(*) FROM flyway_schema_history WHERE version = '1' AND success"));
                assertEquals(0L, any.dsl().fetchValue("SELECT count(*) FROM products"));
            } finally {
                starters.shutdownNow();
                starters.awaitTermination(60, TimeUnit.SECONDS);
                opening.stream()
                        .filter(future -> future.state() == Future.State.SUCCESS)
                        .forEach(future -> future.resultNow().close());
            }
        }
    }

    private static void createDatabase(EmbeddedDatabase server, String name) throws Exception {
        try (Connection connection = DriverManager.getConnection(server.dsn().jdbcUrl(), "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
    }
}
