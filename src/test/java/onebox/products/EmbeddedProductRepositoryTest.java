package onebox.products;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import onebox.db.Database;
import onebox.db.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The repository contract on the embedded PostgreSQL 15, one server for the class. */
class EmbeddedProductRepositoryTest extends ProductRepositoryContract {

    @TempDir
    static Path dataDir;

    private static Database database;

    @BeforeAll
    static void startDatabase() {
        database = Database.open(TestDatabases.settings(dataDir, Optional.empty()));
        TestDatabases.awaitReady(database, Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Override
    Database database() {
        return database;
    }
}
