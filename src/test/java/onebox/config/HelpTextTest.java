package onebox.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class HelpTextTest {

    @Test
    void helpListsEverySettingWithFlagDefaultAndMeaning() {
        String help = HelpText.render();

        for (Setting setting : Setting.values()) {
            String entry = "\n  " + setting.envName() + ", " + setting.flag() + "\n"
                    + "      " + setting.help() + "\n"
                    + "      default: " + setting.defaultText() + "\n";
            assertTrue(help.contains(entry), "missing entry for " + setting);
        }
    }

    @Test
    void helpListsEveryActionFlagAndArgumentsKnowsThem() throws ConfigException {
        String help = HelpText.render();

        for (String action : Set.of("--check-config", "--help", "--version", "--aot-train")) {
            assertTrue(help.contains("\n  " + action + " "), "missing action " + action);
        }
        assertEquals(Arguments.Action.AOT_TRAIN, Arguments.parse(List.of("--aot-train")).action());
    }

    @Test
    void flagsFollowTheEnvironmentNames() {
        assertEquals("--https-port", Setting.HTTPS_PORT.flag());
        assertEquals("--pg-dsn", Setting.PG_DSN.flag());
        assertEquals("--acme-eab-kid", Setting.ACME_EAB_KID.flag());
    }

    @Test
    void everySettingOfTheDesignIsDefined() {
        Set<String> design = Stream.of(
                        "ONEBOX_ENV", "ONEBOX_BIND", "ONEBOX_HTTPS_PORT", "ONEBOX_HTTP_PORT", "ONEBOX_ADMIN_BIND",
                        "ONEBOX_ADMIN_PORT", "ONEBOX_TLS", "ONEBOX_DOMAINS", "ONEBOX_TLS_CERT_FILE", "ONEBOX_TLS_KEY_FILE",
                        "ONEBOX_ACME_DIRECTORY", "ONEBOX_ACME_EMAIL", "ONEBOX_ACME_CA_FILE", "ONEBOX_ACME_CHALLENGE",
                        "ONEBOX_CERT_DIR", "ONEBOX_DATA_DIR", "PG_DSN", "ONEBOX_DB_PASSWORD_FILE", "ONEBOX_DB_POOL_SIZE",
                        "ONEBOX_STATIC_DIR", "ONEBOX_API_TOKENS_FILE", "ONEBOX_ADMIN_TOKENS_FILE", "ONEBOX_RATE_LIMIT",
                        "ONEBOX_RATE_BURST", "ONEBOX_LOG_FORMAT", "ONEBOX_LOG_LEVEL", "ONEBOX_ACME_PROFILE",
                        "ONEBOX_ACME_EAB_KID", "ONEBOX_ACME_KEY_TYPE")
                .collect(Collectors.toSet());
        Set<String> defined = Stream.of(Setting.values()).map(Setting::envName).collect(Collectors.toSet());

        assertTrue(defined.containsAll(design), "missing: " + design.stream().filter(s -> !defined.contains(s)).toList());
    }
}
