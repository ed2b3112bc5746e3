package onebox.config;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import onebox.config.Settings.Environment;

/**
 * The one table of onebox's settings: environment name, default and meaning. The
 * parser, {@code --help} and {@code --check-config} all read it, so they cannot drift.
 * The flag of a setting is derived from its name ({@code ONEBOX_HTTPS_PORT} is
 * {@code --https-port}); defaults are strings parsed like any other value.
 */
public enum Setting {
    ENV("ONEBOX_ENV", "dev", "dev, staging or prod; picks the defaults below", e -> "dev"),
    BIND("ONEBOX_BIND", "all interfaces (:: when IPv6 is available, else 0.0.0.0)",
            "address of the public listeners", e -> Hosts.wildcardAddress()),
    HTTPS_PORT("ONEBOX_HTTPS_PORT", "dev 8443, else 443",
            "public HTTPS (API, static files); 0 = an ephemeral port", e -> devOr(e, "8443", "443")),
    HTTP_PORT("ONEBOX_HTTP_PORT", "dev 8080, else 80",
            "public HTTP: ACME HTTP-01 and redirect to HTTPS; 0 = off", e -> devOr(e, "8080", "80")),
    ADMIN_BIND("ONEBOX_ADMIN_BIND", "127.0.0.1",
            "address of the admin listener; beyond loopback it needs admin tokens", e -> "127.0.0.1"),
    ADMIN_PORT("ONEBOX_ADMIN_PORT", "9090", "port of the admin listener; 0 = an ephemeral port", e -> "9090"),
    TLS("ONEBOX_TLS", "dev self-signed, else acme", "self-signed, files or acme",
            e -> devOr(e, "self-signed", "acme")),
    DOMAINS("ONEBOX_DOMAINS", "localhost in dev, else none", "comma-separated names for the certificate",
            e -> devOr(e, "localhost", null)),
    TLS_CERT_FILE("ONEBOX_TLS_CERT_FILE", "none", "PEM certificate chain (files mode)", e -> null),
    TLS_KEY_FILE("ONEBOX_TLS_KEY_FILE", "none", "PEM private key (files mode)", e -> null),
    ACME_DIRECTORY("ONEBOX_ACME_DIRECTORY", "staging: Let's Encrypt staging; prod: Let's Encrypt; dev: none",
            "ACME directory URL", Setting::acmeDirectory),
    ACME_EMAIL("ONEBOX_ACME_EMAIL", "none", "ACME account contact", e -> null),
    ACME_CA_FILE("ONEBOX_ACME_CA_FILE", "system trust",
            "PEM to trust for the ACME server's own HTTPS (test CAs)", e -> null),
    ACME_CHALLENGE("ONEBOX_ACME_CHALLENGE", "auto", "auto, http-01 or tls-alpn-01", e -> "auto"),
    ACME_PROFILE("ONEBOX_ACME_PROFILE", "none (the CA's default)",
            "ACME certificate profile, e.g. shortlived, when the CA offers profiles", e -> null),
    ACME_KEY_TYPE("ONEBOX_ACME_KEY_TYPE", "ec-p256", "certificate key: ec-p256 or rsa-2048", e -> "ec-p256"),
    ACME_EAB_KID("ONEBOX_ACME_EAB_KID", "none", "External Account Binding key id", e -> null),
    ACME_EAB_HMAC_FILE("ONEBOX_ACME_EAB_HMAC_FILE", "the acme-eab-hmac credential, if any",
            "file holding the External Account Binding HMAC key (base64url)", e -> null),
    CERT_DIR("ONEBOX_CERT_DIR", "./certs", "account key, issued certificates, dev CA", e -> "./certs"),
    DATA_DIR("ONEBOX_DATA_DIR", "./data", "data of the embedded PostgreSQL", e -> "./data"),
    PG_DSN("PG_DSN", "unset: embedded PostgreSQL",
            "external PostgreSQL (12 or later): postgres://user:pass@host:port/db?... or a jdbc:postgresql: URL",
            e -> null),
    DB_PASSWORD_FILE("ONEBOX_DB_PASSWORD_FILE", "the db-password credential, if any",
            "file holding the database password, kept out of the environment", e -> null),
    DB_POOL_SIZE("ONEBOX_DB_POOL_SIZE", "2 x cores + 1, between 4 and 16 (here " + defaultPoolSize() + ")",
            "HikariCP maximum pool size", e -> String.valueOf(defaultPoolSize())),
    STATIC_DIR("ONEBOX_STATIC_DIR", "the page bundled in the jar", "directory served at /", e -> null),
    API_TOKENS_FILE("ONEBOX_API_TOKENS_FILE", "the api-tokens credential, else none: writes only from loopback",
            "bearer tokens allowed to write, one per line", e -> null),
    ADMIN_TOKENS_FILE("ONEBOX_ADMIN_TOKENS_FILE", "the admin-tokens credential, else none",
            "bearer tokens for the admin listener, one per line; required beyond loopback", e -> null),
    RATE_LIMIT("ONEBOX_RATE_LIMIT", "50", "requests per second per client address (loopback exempt)", e -> "50"),
    RATE_BURST("ONEBOX_RATE_BURST", "100", "burst of requests per client address", e -> "100"),
    MAX_HEADER_BYTES("ONEBOX_MAX_HEADER_BYTES", "16384",
            "request line and headers, in bytes (431 beyond; 4 x this closes the connection)", e -> "16384"),
    MAX_HEADERS("ONEBOX_MAX_HEADERS", "100", "header fields per request", e -> "100"),
    MAX_PARAMETERS("ONEBOX_MAX_PARAMETERS", "100", "query parameters per request", e -> "100"),
    HEADER_TIMEOUT("ONEBOX_HEADER_TIMEOUT", "10", "seconds a client has to send a request's headers", e -> "10"),
    BODY_TIMEOUT("ONEBOX_BODY_TIMEOUT", "30",
            "seconds a connection may stay silent while a request or its body is read", e -> "30"),
    IDLE_TIMEOUT("ONEBOX_IDLE_TIMEOUT", "60", "seconds an idle keep-alive connection stays open", e -> "60"),
    MAX_CONNECTIONS("ONEBOX_MAX_CONNECTIONS", "2000",
            "concurrent connections per public listener; beyond it new ones wait in the backlog", e -> "2000"),
    H2_MAX_STREAMS("ONEBOX_H2_MAX_STREAMS", "100", "concurrent HTTP/2 streams per connection", e -> "100"),
    LOG_FORMAT("ONEBOX_LOG_FORMAT", "dev text, else json", "json or text", e -> devOr(e, "text", "json")),
    LOG_LEVEL("ONEBOX_LOG_LEVEL", "info", "trace, debug, info, warn, error or off", e -> "info");

    static final String LETS_ENCRYPT_STAGING = "https://acme-staging-v02.api.letsencrypt.org/directory";
    static final String LETS_ENCRYPT = "https://acme-v02.api.letsencrypt.org/directory";

    private final String envName;
    private final String defaultText;
    private final String help;
    private final Function<Environment, String> defaultValue;

    Setting(String envName, String defaultText, String help, Function<Environment, String> defaultValue) {
        this.envName = envName;
        this.defaultText = defaultText;
        this.help = help;
        this.defaultValue = defaultValue;
    }

    public String envName() {
        return envName;
    }

    /** {@code ONEBOX_HTTPS_PORT} → {@code --https-port}; {@code PG_DSN} → {@code --pg-dsn}. */
    public String flag() {
        return "--" + envName.replaceFirst("^ONEBOX_", "").toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String defaultText() {
        return defaultText;
    }

    public String help() {
        return help;
    }

    /** The default as a string to parse, or empty when the setting has none in this environment. */
    Optional<String> defaultFor(Environment environment) {
        return Optional.ofNullable(defaultValue.apply(environment));
    }

    static Optional<Setting> byEnvName(String name) {
        for (Setting setting : values()) {
            if (setting.envName.equals(name)) {
                return Optional.of(setting);
            }
        }
        return Optional.empty();
    }

    static Optional<Setting> byFlag(String flag) {
        for (Setting setting : values()) {
            if (setting.flag().equals(flag)) {
                return Optional.of(setting);
            }
        }
        return Optional.empty();
    }

    /** HikariCP's rule of thumb (2 x cores + 1), bounded so that a big machine does not swamp PostgreSQL. */
    static int defaultPoolSize() {
        return Math.clamp(2L * Runtime.getRuntime().availableProcessors() + 1, 4, 16);
    }

    private static String devOr(Environment environment, String dev, String otherwise) {
        return environment == Environment.DEV ? dev : otherwise;
    }

    /** No default in dev: asking for ACME there without a directory is an error, never a silent staging. */
    private static String acmeDirectory(Environment environment) {
        return switch (environment) {
            case DEV -> null;
            case STAGING -> LETS_ENCRYPT_STAGING;
            case PROD -> LETS_ENCRYPT;
        };
    }
}
