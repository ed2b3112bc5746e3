package onebox.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every setting of onebox, validated once at start-up (see {@link SettingsLoader}).
 * Names and defaults are fixed by DESIGN.md; {@code --help} lists them.
 */
public record Settings(
        Environment env,
        String bind,
        int httpsPort,
        int httpPort,
        String adminBind,
        int adminPort,
        TlsMode tls,
        List<String> domains,
        Optional<Path> tlsCertFile,
        Optional<Path> tlsKeyFile,
        Acme acme,
        Path certDir,
        Path dataDir,
        Optional<String> pgDsn,
        Optional<Secret> dbPassword,
        int dbPoolSize,
        Optional<Path> staticDir,
        Set<Secret> apiTokens,
        Set<Secret> adminTokens,
        double rateLimit,
        int rateBurst,
        LogFormat logFormat,
        String logLevel,
        ListenerLimits limits) {

    public enum Environment { DEV, STAGING, PROD }

    public enum TlsMode { SELF_SIGNED, FILES, ACME }

    public enum LogFormat { JSON, TEXT }

    public enum Challenge { AUTO, HTTP_01, TLS_ALPN_01 }

    /** What the ACME client needs; unused unless {@link TlsMode#ACME}. */
    public record Acme(
            URI directory,
            Optional<String> email,
            Optional<Path> caFile,
            Challenge challenge,
            Optional<String> profile,
            Optional<String> eabKeyId,
            Optional<Secret> eabHmacKey,
            KeyType keyType) {}

    public enum KeyType { EC_P256, RSA_2048 }

    public boolean httpEnabled() {
        return httpPort != 0;
    }

    /** Like a record's, but the DSN's password is masked and tokens are only counted. */
    @Override
    public String toString() {
        return "Settings[env=" + env + ", bind=" + bind + ", httpsPort=" + httpsPort + ", httpPort=" + httpPort
                + ", adminBind=" + adminBind + ", adminPort=" + adminPort + ", tls=" + tls + ", domains=" + domains
                + ", tlsCertFile=" + tlsCertFile + ", tlsKeyFile=" + tlsKeyFile + ", acme=" + acme
                + ", certDir=" + certDir + ", dataDir=" + dataDir + ", pgDsn=" + pgDsn.map(Redaction::dsn)
                + ", dbPassword=" + dbPassword + ", dbPoolSize=" + dbPoolSize + ", staticDir=" + staticDir
                + ", apiTokens=" + apiTokens.size() + " tokens, adminTokens=" + adminTokens.size() + " tokens"
                + ", rateLimit=" + rateLimit + ", rateBurst=" + rateBurst + ", logFormat=" + logFormat
                + ", logLevel=" + logLevel + ", limits=" + limits + "]";
    }
}
