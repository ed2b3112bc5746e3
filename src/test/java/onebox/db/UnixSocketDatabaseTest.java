package onebox.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import onebox.config.TestSettings;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PG_DSN as the NixOS module writes it: a JDBC URL that reaches a local PostgreSQL over its
 * Unix socket through junixsocket's socket factory. TEST_PG_SOCKET names the socket of
 * the cluster scripts/test starts; skips without it, except in CI.
 */
class UnixSocketDatabaseTest {

    @TempDir
    Path dir;

    @Test
    void connectsOverTheUnixSocketWithAJdbcUrl() {
        String socket = System.getenv("TEST_PG_SOCKET");
        if (socket == null || socket.isBlank()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("TEST_PG_SOCKET is not set: scripts/test must start PostgreSQL and name its socket");
            }
            Assumptions.abort("TEST_PG_SOCKET is not set: no local PostgreSQL socket to test against");
        }
        String dsn = "jdbc:postgresql://localhost/onebox_test?user=onebox"
                + "&socketFactory=org.newsclub.net.unix.AFUNIXSocketFactory$FactoryArg&socketFactoryArg=" + socket;
        try (Database database = Database.open(TestSettings.of("PG_DSN", dsn, "ONEBOX_DATA_DIR", dir.toString()))) {
            TestDatabases.awaitReady(database, Duration.ofSeconds(30));
            assertEquals("", database.dsl().fetchValue("SELECT coalesce(inet_server_addr()::text, '')"),
                    "a Unix-socket connection has no server address");
        }
    }
}
