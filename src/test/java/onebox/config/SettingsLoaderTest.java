package onebox.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import onebox.config.Settings.Challenge;
import onebox.config.Settings.Environment;
import onebox.config.Settings.KeyType;
import onebox.config.Settings.LogFormat;
import onebox.config.Settings.TlsMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {

    @TempDir
    Path dir;

    @Test
    void devDefaultsNeedNothingSet() throws Exception {
        Settings settings = SettingsLoader.load(List.of(), Map.of());

        assertEquals(Environment.DEV, settings.env());
        assertTrue(Set.of("::", "0.0.0.0").contains(settings.bind()));
        assertEquals(8443, settings.httpsPort());
        assertEquals(8080, settings.httpPort());
        assertEquals("127.0.0.1", settings.adminBind());
        assertEquals(9090, settings.adminPort());
        assertEquals(TlsMode.SELF_SIGNED, settings.tls());
        assertEquals(List.of("localhost"), settings.domains());
        assertEquals(Path.of("./certs"), settings.certDir());
        assertEquals(Path.of("./data"), settings.dataDir());
        assertEquals(Optional.empty(), settings.pgDsn());
        assertEquals(Math.clamp(2L * Runtime.getRuntime().availableProcessors() + 1, 4, 16), settings.dbPoolSize());
        assertEquals(Set.of(), settings.apiTokens());
        assertEquals(50.0, settings.rateLimit());
        assertEquals(100, settings.rateBurst());
        assertEquals(LogFormat.TEXT, settings.logFormat());
        assertEquals("info", settings.logLevel());
        assertEquals(Challenge.AUTO, settings.acme().challenge());
        assertEquals(KeyType.EC_P256, settings.acme().keyType());
    }

    @Test
    void prodDefaultsToAcmeOnStandardPortsWithJsonLogs() throws Exception {
        Settings settings = load(Map.of("ONEBOX_ENV", "prod", "ONEBOX_DOMAINS", "example.com, WWW.example.com"));

        assertEquals(443, settings.httpsPort());
        assertEquals(80, settings.httpPort());
        assertEquals(TlsMode.ACME, settings.tls());
        assertEquals(LogFormat.JSON, settings.logFormat());
        assertEquals(List.of("example.com", "www.example.com"), settings.domains());
        assertEquals(URI.create("https://acme-v02.api.letsencrypt.org/directory"), settings.acme().directory());
    }

    @Test
    void stagingDefaultsToLetsEncryptStaging() throws Exception {
        Settings settings = load(Map.of("ONEBOX_ENV", "staging", "ONEBOX_DOMAINS", "example.com"));

        assertEquals(URI.create("https://acme-staging-v02.api.letsencrypt.org/directory"), settings.acme().directory());
    }

    @Test
    void flagBeatsEnvironmentBeatsFileBeatsDefault() throws Exception {
        Path file = write("onebox.env", """
                ONEBOX_HTTPS_PORT=1001
                ONEBOX_HTTP_PORT=2001
                ONEBOX_ADMIN_PORT=3001
                """);
        Map<String, String> env = Map.of("ONEBOX_HTTPS_PORT", "1002", "ONEBOX_HTTP_PORT", "2002");

        Settings settings = SettingsLoader.load(List.of("--config", file.toString(), "--https-port", "1003"), env);

        assertEquals(1003, settings.httpsPort());
        assertEquals(2002, settings.httpPort());
        assertEquals(3001, settings.adminPort());
        assertEquals(100, settings.rateBurst());
    }

    @Test
    void flagsTakeTheirValueAfterAnEqualsSignOrAsTheNextArgument() throws Exception {
        Settings settings = SettingsLoader.load(
                List.of("--https-port=1234", "--pg-dsn", "postgres://app@db/app", "--config=/dev/null"), Map.of());

        assertEquals(1234, settings.httpsPort());
        assertEquals(Optional.of("postgres://app@db/app"), settings.pgDsn());
    }

    @Test
    void emptyValueCountsAsUnset() throws Exception {
        Settings settings = load(Map.of("ONEBOX_HTTPS_PORT", "", "PG_DSN", " "));

        assertEquals(8443, settings.httpsPort());
        assertEquals(Optional.empty(), settings.pgDsn());
    }

    @Test
    void secretsAreReadFromFilesNamedBySettings() throws Exception {
        Path password = write("password", "s3cret\n");
        Path tokens = write("tokens", "# writers\n\ntoken-one\n  token-two  \n");

        Settings settings = load(Map.of(
                "ONEBOX_DB_PASSWORD_FILE", password.toString(), "ONEBOX_API_TOKENS_FILE", tokens.toString()));

        assertEquals(Optional.of(new Secret("s3cret")), settings.dbPassword());
        assertEquals(Set.of(new Secret("token-one"), new Secret("token-two")), settings.apiTokens());
    }

    @Test
    void secretsComeFromSystemdCredentials() throws Exception {
        Path credentials = Files.createDirectory(dir.resolve("credentials"));
        Files.writeString(credentials.resolve("db-password"), "from-credential");
        Files.writeString(credentials.resolve("api-tokens"), "api-token\n");
        Files.writeString(credentials.resolve("admin-tokens"), "admin-token\n");
        Files.writeString(credentials.resolve("acme-eab-hmac"), "hmac-key");

        Settings settings = load(Map.of(
                "CREDENTIALS_DIRECTORY", credentials.toString(),
                "ONEBOX_ACME_EAB_KID", "kid-1",
                "ONEBOX_ADMIN_BIND", "0.0.0.0"));

        assertEquals(Optional.of(new Secret("from-credential")), settings.dbPassword());
        assertEquals(Set.of(new Secret("api-token")), settings.apiTokens());
        assertEquals(Set.of(new Secret("admin-token")), settings.adminTokens());
        assertEquals(Optional.of(new Secret("hmac-key")), settings.acme().eabHmacKey());
        assertEquals(Optional.of("kid-1"), settings.acme().eabKeyId());
        assertEquals("0.0.0.0", settings.adminBind());
    }

    @Test
    void explicitFileWinsOverCredential() throws Exception {
        Path credentials = Files.createDirectory(dir.resolve("credentials"));
        Files.writeString(credentials.resolve("db-password"), "from-credential");
        Path password = write("password", "from-file");

        Settings settings = load(Map.of(
                "CREDENTIALS_DIRECTORY", credentials.toString(), "ONEBOX_DB_PASSWORD_FILE", password.toString()));

        assertEquals(Optional.of(new Secret("from-file")), settings.dbPassword());
    }

    @Test
    void missingCredentialMeansNoSecret() throws Exception {
        Path credentials = Files.createDirectory(dir.resolve("credentials"));

        Settings settings = load(Map.of("CREDENTIALS_DIRECTORY", credentials.toString()));

        assertEquals(Optional.empty(), settings.dbPassword());
        assertEquals(Set.of(), settings.adminTokens());
    }

    @Test
    void secretsNeverAppearInToString() throws Exception {
        Path password = write("password", "pw-secret-1");
        Path tokens = write("tokens", "token-secret-2\n");
        Settings settings = load(Map.of(
                "ONEBOX_DB_PASSWORD_FILE", password.toString(),
                "ONEBOX_API_TOKENS_FILE", tokens.toString(),
                "PG_DSN", "postgres://app:dsn-secret-3@db:5432/app?sslmode=require"));

        String text = settings.toString();

        assertFalse(text.contains("pw-secret-1"), text);
        assertFalse(text.contains("token-secret-2"), text);
        assertFalse(text.contains("dsn-secret-3"), text);
        assertTrue(text.contains("pgDsn=Optional[postgres://app:***@db:5432/app?sslmode=require]"), text);
    }

    @Test
    void filesModeTakesBothFiles() throws Exception {
        Path cert = write("cert.pem", "chain");
        Path key = write("key.pem", "key");

        Settings settings = load(Map.of(
                "ONEBOX_TLS", "files", "ONEBOX_TLS_CERT_FILE", cert.toString(), "ONEBOX_TLS_KEY_FILE", key.toString()));

        assertEquals(Optional.of(cert), settings.tlsCertFile());
        assertEquals(Optional.of(key), settings.tlsKeyFile());
    }

    @Test
    void testSettingsUseEphemeralLoopbackPorts() {
        Settings settings = TestSettings.of("ONEBOX_LOG_LEVEL", "debug");

        assertEquals("127.0.0.1", settings.bind());
        assertEquals(0, settings.httpsPort());
        assertFalse(settings.httpEnabled());
        assertEquals(0, settings.adminPort());
        assertEquals("debug", settings.logLevel());
    }

    private Settings load(Map<String, String> env) throws ConfigException {
        return SettingsLoader.load(List.of(), env);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
