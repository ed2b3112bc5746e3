package onebox.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReportTest {

    @TempDir
    Path dir;

    @Test
    void reportShowsEachValueAndItsOriginWithoutSecrets() throws Exception {
        Path credentials = Files.createDirectory(dir.resolve("credentials"));
        Files.writeString(credentials.resolve("admin-tokens"), "admin-secret-1\nadmin-secret-2\n");
        Path password = Files.writeString(dir.resolve("password"), "pw-secret-3");
        Map<String, String> env = Map.of(
                "CREDENTIALS_DIRECTORY", credentials.toString(),
                "ONEBOX_DB_PASSWORD_FILE", password.toString(),
                "PG_DSN", "postgresql://app:dsn-secret-4@db/app?password=dsn-secret-5");

        String report = ConfigReport.check(List.of("--https-port", "9443"), env);

        for (String secret : List.of("admin-secret-1", "admin-secret-2", "pw-secret-3", "dsn-secret-4", "dsn-secret-5")) {
            assertFalse(report.contains(secret), secret + " leaked into\n" + report);
        }
        assertTrue(report.startsWith("configuration is valid (env dev)\n"), report);
        assertTrue(report.contains("ONEBOX_HTTPS_PORT          9443  # flag\n"), report);
        assertTrue(report.contains("ONEBOX_HTTP_PORT           8080  # default\n"), report);
        assertTrue(report.contains("PG_DSN                     postgresql://app:***@db/app?password=***  # environment\n"), report);
        assertTrue(report.contains("ONEBOX_STATIC_DIR          (unset)\n"), report);
        assertTrue(report.contains("database password: set, from ONEBOX_DB_PASSWORD_FILE\n"), report);
        assertTrue(report.contains("admin tokens: 2 from the admin-tokens credential\n"), report);
        assertTrue(report.contains("API tokens: none\n"), report);
    }
}
