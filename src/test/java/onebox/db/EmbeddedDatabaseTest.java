package onebox.db;

import static onebox.db.TestDatabases.awaitReady;
import static onebox.db.TestDatabases.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import onebox.testing.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The zero-configuration database: starts as root too, keeps its data, stops on close. */
class EmbeddedDatabaseTest {

    @TempDir
    Path dataDir;

    @Test
    void dataSurvivesCloseAndReopen() {
        try (Database first = Database.open(settings(dataDir, Optional.empty()))) {
            awaitReady(first, Duration.ofSeconds(30));
            first.dsl().execute("INSERT INTO products (name, quantity) VALUES ('kept', 7)");
        }
        try (Database second = Database.open(settings(dataDir, Optional.empty()))) {
            awaitReady(second, Duration.ofSeconds(30));

            assertEquals(7, second.dsl().fetchValue("SELECT quantity FROM products WHERE name = 'kept'"));
            assertTrue(second.embedded());
            assertEquals("on", second.dsl().fetchValue("SHOW fsync"));
            assertEquals("on", second.dsl().fetchValue("SHOW synchronous_commit"));
            assertEquals("3s", second.dsl().fetchValue("SHOW statement_timeout"));
            assertTrue(second.describe().matches("embedded PostgreSQL at 127\\.0\\.0\\.1:\\d+ \\(data in .*\\)"),
                    second.describe());
        }
    }

    @Test
    void closeStopsTheServerAndIsIdempotent() {
        Database database = Database.open(settings(dataDir, Optional.empty()));
        awaitReady(database, Duration.ofSeconds(30));
        int port = Integer.parseInt(database.describe().replaceAll(".*127\\.0\\.0\\.1:(\\d+).*", "$1"));

        database.close();
        database.close();

        assertTrue(!Ports.listening(port), "PostgreSQL still listens on " + port + " after close");
    }
}
