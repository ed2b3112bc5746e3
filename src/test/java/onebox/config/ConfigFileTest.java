package onebox.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigFileTest {

    @Test
    void readsEnvironmentFileSyntax() throws ConfigException {
        List<String> lines = List.of(
                "# a comment",
                "; another comment",
                "",
                "   ONEBOX_ENV=prod",
                "ONEBOX_DOMAINS = example.com,www.example.com  ",
                "ONEBOX_ACME_EMAIL='ops@example.com'",
                "ONEBOX_STATIC_DIR=\"/srv/my \\\"site\\\"\"",
                "ONEBOX_ACME_PROFILE=short\\",
                "lived",
                "ONEBOX_LOG_LEVEL=",
                "PG_DSN=postgres://app@db/app?sslmode=require#not-a-comment");

        Map<String, String> values = ConfigFile.parse("onebox.env", lines);

        assertEquals(Map.of(
                "ONEBOX_ENV", "prod",
                "ONEBOX_DOMAINS", "example.com,www.example.com",
                "ONEBOX_ACME_EMAIL", "ops@example.com",
                "ONEBOX_STATIC_DIR", "/srv/my \"site\"",
                "ONEBOX_ACME_PROFILE", "shortlived",
                "ONEBOX_LOG_LEVEL", "",
                "PG_DSN", "postgres://app@db/app?sslmode=require#not-a-comment"), values);
    }

    @Test
    void lineWithoutKeyIsRefusedWithItsNumber() {
        ConfigException error = assertThrows(ConfigException.class,
                () -> ConfigFile.parse("onebox.env", List.of("ONEBOX_ENV=dev", "export ONEBOX_TLS=acme")));

        assertEquals("--config onebox.env line 2: expected KEY=VALUE", error.getMessage());
    }

    @Test
    void singleQuotesKeepBackslashes() throws ConfigException {
        Map<String, String> values = ConfigFile.parse("f", List.of("ONEBOX_STATIC_DIR='C:\\site'"));

        assertEquals("C:\\site", values.get("ONEBOX_STATIC_DIR"));
    }
}
