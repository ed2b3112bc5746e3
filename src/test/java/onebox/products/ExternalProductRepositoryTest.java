package onebox.products;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import onebox.db.Database;
import onebox.db.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository contract on an external PostgreSQL named by TEST_PG_DSN
 * (postgres:// form; scripts/test starts Debian's server). Skips without it, except in CI.
 */
class ExternalProductRepositoryTest extends ProductRepositoryContract {

    private static final String DSN_VARIABLE = "TEST_PG_DSN";

    @TempDir
    static Path unusedDataDir;

    private static Database database;

    @BeforeAll
    static void connect() {
        String dsn = System.getenv(DSN_VARIABLE);
        if (dsn == null || dsn.isBlank()) {
            if ("true".equals(System.getenv("CI"))) {
                fail(DSN_VARIABLE + " is not set: scripts/test must start PostgreSQL and name it there");
            }
            Assumptions.abort(DSN_VARIABLE + " is not set: no external PostgreSQL to test against");
        }
        database = Database.open(TestDatabases.settings(unusedDataDir, Optional.of(dsn)));
        TestDatabases.awaitReady(database, Duration.ofSeconds(30));
    }

    @AfterAll
    static void disconnect() {
        if (database != null) {
            database.close();
        }
    }

    @Override
    Database database() {
        return database;
    }

    @Test
    void usesTheExternalServer() {
        assertFalse(database.embedded());
        assertEquals(1L, database.dsl().fetchValue("SELECT count(*) FROM flyway_schema_history WHERE version = '1' AND success"));
    }
}
