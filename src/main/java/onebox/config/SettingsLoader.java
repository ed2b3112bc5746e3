package onebox.config;

import static onebox.config.Setting.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import onebox.config.Settings.Environment;
import onebox.config.Settings.LogFormat;
import onebox.config.Settings.TlsMode;

/**
 * Builds {@link Settings} from the command line, the environment and an optional
 * {@code --config} file (precedence in that order, then defaults), and validates them
 * once: every failure is a {@link ConfigException} whose message names the setting.
 */
public final class SettingsLoader {

    private static final List<String> LOG_LEVELS = List.of("trace", "debug", "info", "warn", "error", "off");

    /** Settings resolved together with where each value came from. */
    record Resolved(Settings settings, Map<Setting, Values.Value> values) {}

    private SettingsLoader() {}

    public static Settings load(List<String> args, Map<String, String> env) throws ConfigException {
        return resolve(args, env).settings();
    }

    static Resolved resolve(List<String> args, Map<String, String> env) throws ConfigException {
        Arguments arguments = Arguments.parse(args);
        Map<String, String> file = Map.of();
        if (arguments.configFile().isPresent()) {
            String name = arguments.configFile().get();
            file = ConfigFile.read(Path.of(name));
            rejectUnknownKeys(file, "in --config " + name);
        }
        rejectUnknownKeys(env, "in the environment");
        Values values = Values.merge(arguments.flags(), env, file);
        Settings settings = build(values, env);
        CrossChecks.check(settings);
        return new Resolved(settings, values.effective());
    }

    /** Other programs' variables pass; a misspelt onebox setting must not be silently ignored. */
    private static void rejectUnknownKeys(Map<String, String> keys, String where) throws ConfigException {
        for (String key : keys.keySet().stream().sorted().toList()) {
            if (key.startsWith("ONEBOX_") && Setting.byEnvName(key).isEmpty()) {
                throw new ConfigException("unknown setting " + key + " " + where
                        + Suggestion.closest(key, Setting::envName) + " (see --help for the list)");
            }
        }
    }

    private static Settings build(Values values, Map<String, String> env) throws ConfigException {
        Environment environment = values.choice(ENV, Environment.class);
        TlsMode tls = values.choice(TLS, TlsMode.class);
        return new Settings(
                environment,
                bindAddress(values, BIND),
                values.port(HTTPS_PORT),
                values.port(HTTP_PORT),
                bindAddress(values, ADMIN_BIND),
                values.port(ADMIN_PORT),
                tls,
                domains(values),
                values.readableFile(TLS_CERT_FILE),
                values.readableFile(TLS_KEY_FILE),
                AcmeSettings.build(values, tls, env),
                values.path(CERT_DIR).orElseThrow(),
                values.path(DATA_DIR).orElseThrow(),
                postgresDsn(values),
                secret(values, DB_PASSWORD_FILE, "db-password", env),
                values.integer(DB_POOL_SIZE, 1, 1000, "a pool size: 1..1000"),
                directory(values, STATIC_DIR),
                tokens(values, API_TOKENS_FILE, "api-tokens", env),
                tokens(values, ADMIN_TOKENS_FILE, "admin-tokens", env),
                values.positive(RATE_LIMIT),
                values.integer(RATE_BURST, 1, Integer.MAX_VALUE, "an integer >= 1"),
                values.choice(LOG_FORMAT, LogFormat.class),
                logLevel(values),
                limits(values));
    }

    static Optional<Secret> secret(Values values, Setting file, String credential, Map<String, String> env)
            throws ConfigException {
        Optional<SecretFiles.Located> source = SecretFiles.locate(values, file, credential, env);
        return source.isEmpty() ? Optional.empty() : Optional.of(SecretFiles.readSecret(source.get()));
    }

    private static Set<Secret> tokens(Values values, Setting file, String credential, Map<String, String> env)
            throws ConfigException {
        Optional<SecretFiles.Located> source = SecretFiles.locate(values, file, credential, env);
        return source.isEmpty() ? Set.of() : SecretFiles.readTokens(source.get());
    }

    private static ListenerLimits limits(Values values) throws ConfigException {
        return new ListenerLimits(
                values.integer(MAX_HEADER_BYTES, 1024, 1024 * 1024, "bytes: 1024..1048576"),
                values.integer(MAX_HEADERS, 8, 10_000, "a count: 8..10000"),
                values.integer(MAX_PARAMETERS, 1, 10_000, "a count: 1..10000"),
                seconds(values, HEADER_TIMEOUT),
                seconds(values, BODY_TIMEOUT),
                seconds(values, IDLE_TIMEOUT),
                values.integer(MAX_CONNECTIONS, 1, 1_000_000, "a count: 1..1000000"),
                values.integer(H2_MAX_STREAMS, 1, 10_000, "a count: 1..10000"));
    }

    private static Duration seconds(Values values, Setting setting) throws ConfigException {
        return Duration.ofSeconds(values.integer(setting, 1, 86_400, "seconds: 1..86400"));
    }

    private static String bindAddress(Values values, Setting setting) throws ConfigException {
        String address = values.required(setting).strip();
        if (!Hosts.isBindAddress(address)) {
            throw Values.invalid(setting, address, "an IP address or a host name");
        }
        return address;
    }

    private static List<String> domains(Values values) throws ConfigException {
        Optional<String> text = values.optional(DOMAINS);
        if (text.isEmpty()) {
            return List.of();
        }
        List<String> domains = List.of(text.get().split(",", -1)).stream()
                .map(name -> name.strip().toLowerCase(Locale.ROOT))
                .distinct()
                .toList();
        for (String name : domains) {
            if (!Hosts.isCertificateName(name)) {
                throw new ConfigException("ONEBOX_DOMAINS=" + text.get() + " is invalid: '" + name
                        + "' is not a host name (comma-separated names such as example.com,www.example.com; no wildcards)");
            }
        }
        return domains;
    }

    /** The db package parses the DSN; here only its kind is checked, and the value is never echoed. */
    private static Optional<String> postgresDsn(Values values) throws ConfigException {
        Optional<String> dsn = values.optional(PG_DSN).map(String::strip);
        if (dsn.isPresent() && !dsn.get().matches("(?i)^(postgres://|postgresql://|jdbc:postgresql:).*")) {
            throw Values.invalid(PG_DSN, Redaction.dsn(dsn.get()),
                    "postgres://user@host:port/db?..., postgresql://... or jdbc:postgresql://...");
        }
        return dsn;
    }

    private static Optional<Path> directory(Values values, Setting setting) throws ConfigException {
        Optional<Path> directory = values.path(setting);
        if (directory.isPresent() && !(Files.isDirectory(directory.get()) && Files.isReadable(directory.get()))) {
            throw new ConfigException(setting.envName() + "=" + directory.get() + " is not a readable directory");
        }
        return directory;
    }

    private static String logLevel(Values values) throws ConfigException {
        String text = values.required(LOG_LEVEL);
        String level = text.strip().toLowerCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(level)) {
            throw Values.invalid(LOG_LEVEL, text, "one of " + String.join(", ", LOG_LEVELS));
        }
        return level;
    }
}
