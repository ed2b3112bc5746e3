package onebox.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings for tests, built by the real loader: loopback, ephemeral ports and text logs,
 * overridden by the given environment variables (names as in DESIGN.md).
 */
public final class TestSettings {

    private static final Map<String, String> TEST_DEFAULTS = Map.of(
            "ONEBOX_BIND", "127.0.0.1",
            "ONEBOX_HTTPS_PORT", "0",
            "ONEBOX_HTTP_PORT", "0",
            "ONEBOX_ADMIN_PORT", "0");

    private TestSettings() {}

    /** {@code TestSettings.of("ONEBOX_CERT_DIR", dir.toString(), "ONEBOX_TLS", "self-signed")}. */
    public static Settings of(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("expected pairs of name and value");
        }
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            env.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return of(env);
    }

    public static Settings of(Map<String, String> env) {
        Map<String, String> merged = new HashMap<>(TEST_DEFAULTS);
        merged.putAll(env);
        try {
            return SettingsLoader.load(List.of(), merged);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
