package onebox.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each bad input stops start-up with one line that names the setting and what it allows. */
class SettingsValidationTest {

    @TempDir
    Path dir;

    record Case(String name, Map<String, String> env, List<String> args, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case env(String name, Map<String, String> env, String message) {
        return new Case(name, env, List.of(), message);
    }

    static Stream<Case> badInputs() {
        return Stream.of(
                env("unknown key", Map.of("ONEBOX_HTTPS_PROT", "1"),
                        "unknown setting ONEBOX_HTTPS_PROT in the environment; did you mean ONEBOX_HTTPS_PORT? (see --help for the list)"),
                new Case("unknown flag", Map.of(), List.of("--https-prot", "1"),
                        "unknown flag --https-prot; did you mean --https-port? (see --help for the list)"),
                new Case("unknown flag without value", Map.of(), List.of("--bogus"),
                        "unknown flag --bogus (see --help for the list)"),
                new Case("flag without value", Map.of(), List.of("--https-port"), "--https-port needs a value"),
                new Case("positional argument", Map.of(), List.of("serve"),
                        "unexpected argument serve: settings are given as --name VALUE (see --help)"),
                env("bad environment", Map.of("ONEBOX_ENV", "production"),
                        "ONEBOX_ENV=production is invalid: expected one of dev, staging, prod"),
                env("bad tls", Map.of("ONEBOX_TLS", "letsencrypt"),
                        "ONEBOX_TLS=letsencrypt is invalid: expected one of self-signed, files, acme"),
                env("bad challenge", Map.of("ONEBOX_ACME_CHALLENGE", "dns-01"),
                        "ONEBOX_ACME_CHALLENGE=dns-01 is invalid: expected one of auto, http-01, tls-alpn-01"),
                env("bad key type", Map.of("ONEBOX_ACME_KEY_TYPE", "rsa-4096"),
                        "ONEBOX_ACME_KEY_TYPE=rsa-4096 is invalid: expected one of ec-p256, rsa-2048"),
                env("bad log format", Map.of("ONEBOX_LOG_FORMAT", "xml"),
                        "ONEBOX_LOG_FORMAT=xml is invalid: expected one of json, text"),
                env("bad log level", Map.of("ONEBOX_LOG_LEVEL", "verbose"),
                        "ONEBOX_LOG_LEVEL=verbose is invalid: expected one of trace, debug, info, warn, error, off"),
                env("port too big", Map.of("ONEBOX_HTTPS_PORT", "65536"),
                        "ONEBOX_HTTPS_PORT=65536 is invalid: expected a port: 0..65535"),
                env("negative port", Map.of("ONEBOX_ADMIN_PORT", "-1"),
                        "ONEBOX_ADMIN_PORT=-1 is invalid: expected a port: 0..65535"),
                env("port not a number", Map.of("ONEBOX_HTTP_PORT", "eighty"),
                        "ONEBOX_HTTP_PORT=eighty is invalid: expected a port: 0..65535"),
                env("zero rate", Map.of("ONEBOX_RATE_LIMIT", "0"),
                        "ONEBOX_RATE_LIMIT=0 is invalid: expected a number > 0"),
                env("zero burst", Map.of("ONEBOX_RATE_BURST", "0"),
                        "ONEBOX_RATE_BURST=0 is invalid: expected an integer >= 1"),
                env("zero pool", Map.of("ONEBOX_DB_POOL_SIZE", "0"),
                        "ONEBOX_DB_POOL_SIZE=0 is invalid: expected a pool size: 1..1000"),
                env("files mode without files", Map.of("ONEBOX_TLS", "files"),
                        "ONEBOX_TLS=files needs both ONEBOX_TLS_CERT_FILE and ONEBOX_TLS_KEY_FILE"),
                env("missing cert file", Map.of("ONEBOX_TLS", "files", "ONEBOX_TLS_CERT_FILE", "/nonexistent/cert.pem"),
                        "ONEBOX_TLS_CERT_FILE=/nonexistent/cert.pem is not a readable file"),
                env("missing password file", Map.of("ONEBOX_DB_PASSWORD_FILE", "/nonexistent/pw"),
                        "ONEBOX_DB_PASSWORD_FILE=/nonexistent/pw cannot be read: no such file"),
                env("admin beyond loopback without tokens", Map.of("ONEBOX_ADMIN_BIND", "0.0.0.0"),
                        "ONEBOX_ADMIN_BIND=0.0.0.0 is not loopback: set ONEBOX_ADMIN_TOKENS_FILE or the admin-tokens credential"),
                env("wildcard domain", Map.of("ONEBOX_DOMAINS", "*.example.com"),
                        "ONEBOX_DOMAINS=*.example.com is invalid: '*.example.com' is not a host name"
                                + " (comma-separated names such as example.com,www.example.com; no wildcards)"),
                env("empty domain in list", Map.of("ONEBOX_DOMAINS", "a.example,,b.example"),
                        "ONEBOX_DOMAINS=a.example,,b.example is invalid: '' is not a host name"
                                + " (comma-separated names such as example.com,www.example.com; no wildcards)"),
                env("dsn of another database, password hidden", Map.of("PG_DSN", "mysql://app:hunter2@db/app"),
                        "PG_DSN=mysql://app:***@db/app is invalid: expected postgres://user@host:port/db?...,"
                                + " postgresql://... or jdbc:postgresql://..."),
                env("acme in dev without directory", Map.of("ONEBOX_TLS", "acme", "ONEBOX_DOMAINS", "example.com"),
                        "ONEBOX_ACME_DIRECTORY must be set for ONEBOX_TLS=acme in dev"
                                + " (staging and prod default to Let's Encrypt's staging and production directories)"),
                env("acme without domains", Map.of("ONEBOX_ENV", "prod"),
                        "ONEBOX_TLS=acme needs ONEBOX_DOMAINS: the names to obtain a certificate for"),
                env("http-01 with http off", Map.of("ONEBOX_ENV", "prod", "ONEBOX_DOMAINS", "example.com",
                                "ONEBOX_HTTP_PORT", "0", "ONEBOX_ACME_CHALLENGE", "http-01"),
                        "ONEBOX_ACME_CHALLENGE=http-01 needs the HTTP listener, but ONEBOX_HTTP_PORT=0 (off)"),
                env("eab key id without hmac", Map.of("ONEBOX_ACME_EAB_KID", "kid"),
                        "ONEBOX_ACME_EAB_KID is set but there is no HMAC key:"
                                + " set ONEBOX_ACME_EAB_HMAC_FILE or the acme-eab-hmac credential"),
                env("bad directory url", Map.of("ONEBOX_ACME_DIRECTORY", "letsencrypt"),
                        "ONEBOX_ACME_DIRECTORY=letsencrypt is invalid: expected an https:// URL of an ACME directory"
                                + " (or acme4j's acme://)"),
                env("bad email", Map.of("ONEBOX_ACME_EMAIL", "ops at example.com"),
                        "ONEBOX_ACME_EMAIL=ops at example.com is invalid: expected an email address such as ops@example.com"),
                env("same public ports", Map.of("ONEBOX_HTTP_PORT", "8443"),
                        "ONEBOX_HTTP_PORT=8443 is also ONEBOX_HTTPS_PORT: each listener needs its own port"),
                env("admin on a public port", Map.of("ONEBOX_ADMIN_PORT", "8080"),
                        "ONEBOX_ADMIN_PORT=8080 is also a public port on an overlapping address: each listener needs its own port"),
                env("bad bind address", Map.of("ONEBOX_BIND", "not an address"),
                        "ONEBOX_BIND=not an address is invalid: expected an IP address or a host name"),
                env("static dir missing", Map.of("ONEBOX_STATIC_DIR", "/nonexistent/site"),
                        "ONEBOX_STATIC_DIR=/nonexistent/site is not a readable directory"));
    }

    @ParameterizedTest
    @MethodSource("badInputs")
    void badInputStopsWithOneLineNamingTheSetting(Case bad) {
        ConfigException error = assertThrows(ConfigException.class, () -> SettingsLoader.load(bad.args(), bad.env()));

        assertEquals(bad.message(), error.getMessage());
        assertEquals(-1, error.getMessage().indexOf('\n'));
    }

    @Test
    void unknownKeyInConfigFileIsNamedWithTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("onebox.env"), "JAVA_OPTS=-Xmx1g\nONEBOX_TSL=acme\n");

        ConfigException error = assertThrows(ConfigException.class,
                () -> SettingsLoader.load(List.of("--config", file.toString()), Map.of()));

        assertEquals("unknown setting ONEBOX_TSL in --config " + file + "; did you mean ONEBOX_TLS? (see --help for the list)", error.getMessage());
    }

    @Test
    void missingConfigFileIsNamed() {
        ConfigException error = assertThrows(ConfigException.class,
                () -> SettingsLoader.load(List.of("--config=/nonexistent/onebox.env"), Map.of()));

        assertEquals("--config /nonexistent/onebox.env cannot be read: no such file", error.getMessage());
    }

    @Test
    void emptyTokenFileIsRefused() throws IOException {
        Path tokens = Files.writeString(dir.resolve("tokens"), "# nothing yet\n\n");

        ConfigException error = assertThrows(ConfigException.class,
                () -> SettingsLoader.load(List.of(), Map.of("ONEBOX_ADMIN_TOKENS_FILE", tokens.toString())));

        assertEquals("ONEBOX_ADMIN_TOKENS_FILE=" + tokens + " holds no token: one token per line", error.getMessage());
    }

    @Test
    void unreadableCredentialIsNamed() throws IOException {
        Path credentials = Files.createDirectory(dir.resolve("credentials"));
        Files.createDirectory(credentials.resolve("api-tokens"));
        Map<String, String> env = new HashMap<>(Map.of("CREDENTIALS_DIRECTORY", credentials.toString()));

        ConfigException error = assertThrows(ConfigException.class, () -> SettingsLoader.load(List.of(), env));

        assertEquals("credential api-tokens (" + credentials.resolve("api-tokens") + ") cannot be read: Is a directory",
                error.getMessage());
    }
}
