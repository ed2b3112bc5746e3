package onebox.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What {@code --check-config} prints: each effective value and its origin, secrets redacted. */
public final class ConfigReport {

    private ConfigReport() {}

    /** Loads and validates like start-up does; the report, or the one-line error. */
    public static String check(List<String> args, Map<String, String> env) throws ConfigException {
        SettingsLoader.Resolved resolved = SettingsLoader.resolve(args, env);
        Settings settings = resolved.settings();
        StringBuilder out = new StringBuilder("configuration is valid (env ")
                .append(Values.spelling(settings.env())).append(")\n");
        for (Setting setting : Setting.values()) {
            Values.Value value = resolved.values().get(setting);
            String text = value == null ? "(unset)" : shown(setting, value.text());
            String origin = value == null ? "" : "  # " + Values.spelling(value.origin()).replace('-', ' ');
            out.append(String.format("%-26s %s%s%n", setting.envName(), text, origin));
        }
        out.append(secretLine("database password", settings.dbPassword().isPresent(), resolved, Setting.DB_PASSWORD_FILE, "db-password"));
        out.append(tokenLine("API tokens", settings.apiTokens(), resolved, Setting.API_TOKENS_FILE, "api-tokens"));
        out.append(tokenLine("admin tokens", settings.adminTokens(), resolved, Setting.ADMIN_TOKENS_FILE, "admin-tokens"));
        out.append(secretLine("ACME EAB HMAC key", settings.acme().eabHmacKey().isPresent(), resolved,
                Setting.ACME_EAB_HMAC_FILE, "acme-eab-hmac"));
        return out.toString();
    }

    private static String shown(Setting setting, String text) {
        return setting == Setting.PG_DSN ? Redaction.dsn(text) : text;
    }

    private static String tokenLine(String what, Set<Secret> tokens, SettingsLoader.Resolved resolved,
            Setting file, String credential) {
        String source = tokens.isEmpty() ? "none" : tokens.size() + " from " + source(resolved, file, credential);
        return what + ": " + source + "\n";
    }

    private static String secretLine(String what, boolean present, SettingsLoader.Resolved resolved,
            Setting file, String credential) {
        return what + ": " + (present ? "set, from " + source(resolved, file, credential) : "none") + "\n";
    }

    private static String source(SettingsLoader.Resolved resolved, Setting file, String credential) {
        return Optional.ofNullable(resolved.values().get(file))
                .map(value -> file.envName())
                .orElse("the " + credential + " credential");
    }
}
