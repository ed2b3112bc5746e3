package onebox.db;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import onebox.config.Secret;
import org.postgresql.Driver;
import org.postgresql.PGProperty;

/**
 * Where the database is: a JDBC URL plus the credentials kept apart from it, so that
 * the URL can be logged and {@link #toString()} never shows the password.
 *
 * <p>Accepts the libpq form used by the Go services ({@code postgres://user:pass@host:port/db?sslmode=require})
 * and a {@code jdbc:postgresql:} URL. Error messages never repeat the DSN: it may hold a password.
 */
public record PgDsn(String jdbcUrl, Optional<String> user, Optional<Secret> password) {

    private static final int DEFAULT_PORT = 5432;

    /** libpq parameter names that pgjdbc spells differently. */
    private static final Map<String, String> LIBPQ_TO_PGJDBC = Map.of(
            "connect_timeout", "connectTimeout",
            "application_name", "ApplicationName",
            "target_session_attrs", "targetServerType");

    public static PgDsn parse(String dsn) {
        if (dsn.startsWith("jdbc:postgresql:")) {
            return parseJdbc(dsn);
        }
        if (dsn.startsWith("postgres://") || dsn.startsWith("postgresql://")) {
            return parseUrl(dsn);
        }
        throw new IllegalArgumentException(
                "PG_DSN must start with postgres://, postgresql:// or jdbc:postgresql:");
    }

    /** The same server with another password (ONEBOX_DB_PASSWORD_FILE wins over the DSN's). */
    public PgDsn withPassword(Secret newPassword) {
        return new PgDsn(jdbcUrl, user, Optional.of(newPassword));
    }

    /** {@code host:port/database} for logs and readiness messages. */
    public String location() {
        Properties parsed = Driver.parseURL(jdbcUrl, new Properties());
        if (parsed == null) {
            return "an unparseable JDBC URL";
        }
        return parsed.getProperty("PGHOST") + ":" + parsed.getProperty("PGPORT")
                + "/" + parsed.getProperty("PGDBNAME");
    }

    @Override
    public String toString() {
        return "PgDsn[" + jdbcUrl + ", user=" + user.orElse("(default)")
                + (password.isPresent() ? ", password=***" : "") + "]";
    }

    private static PgDsn parseUrl(String dsn) {
        URI uri = toUri(dsn);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("PG_DSN names no host (expected postgres://user:pass@host:port/db)");
        }
        int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
        String database = uri.getRawPath() == null ? "" : percentDecode(uri.getRawPath().replaceFirst("^/", ""));
        String query = jdbcQuery(parseQuery(uri.getRawQuery()));
        String jdbcUrl = "jdbc:postgresql://" + uri.getHost() + ":" + port + "/"
                + URLEncoder.encode(database, StandardCharsets.UTF_8) + query;
        Optional<String> user = Optional.empty();
        Optional<Secret> password = Optional.empty();
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = Optional.of(percentDecode(parts[0])).filter(u -> !u.isEmpty());
            password = parts.length == 2 ? Optional.of(new Secret(percentDecode(parts[1]))) : Optional.empty();
        }
        return new PgDsn(jdbcUrl, user, password);
    }

    private static URI toUri(String dsn) {
        try {
            return new URI(dsn);
        } catch (URISyntaxException e) {
            // The reason names a character and an index, never the rest of the DSN.
            throw new IllegalArgumentException("PG_DSN is not a valid URL at index " + e.getIndex()
                    + " (percent-encode special characters in the user and password)");
        }
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            String[] keyValue = pair.split("=", 2);
            parameters.put(percentDecode(keyValue[0]), keyValue.length == 2 ? percentDecode(keyValue[1]) : "");
        }
        return parameters;
    }

    /** Renames libpq parameters for pgjdbc; refuses those pgjdbc does not know. */
    private static String jdbcQuery(Map<String, String> libpqParameters) {
        if (libpqParameters.isEmpty()) {
            return "";
        }
        return libpqParameters.entrySet().stream()
                .map(e -> encode(pgjdbcName(e.getKey())) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&", "?", ""));
    }

    private static String pgjdbcName(String libpqName) {
        String name = LIBPQ_TO_PGJDBC.getOrDefault(libpqName, libpqName);
        if (PGProperty.forName(name) == null || name.equals("user") || name.equals("password")) {
            throw new IllegalArgumentException("PG_DSN parameter '" + libpqName + "' is not supported"
                    + " (use sslmode, sslrootcert, connect_timeout, application_name or a pgjdbc property)");
        }
        return name;
    }

    private static PgDsn parseJdbc(String url) {
        String[] urlAndQuery = url.split("\\?", 2);
        Map<String, String> parameters = new LinkedHashMap<>();
        if (urlAndQuery.length == 2) {
            for (String pair : urlAndQuery[1].split("&")) {
                String[] keyValue = pair.split("=", 2);
                parameters.put(keyValue[0], keyValue.length == 2 ? keyValue[1] : "");
            }
        }
        // pgjdbc decodes URL parameters with URLDecoder; so do we for the two we take out.
        Optional<String> user = Optional.ofNullable(parameters.remove("user")).map(PgDsn::formDecode);
        Optional<Secret> password = Optional.ofNullable(parameters.remove("password"))
                .map(p -> new Secret(formDecode(p)));
        String rest = parameters.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
        String jdbcUrl = rest.isEmpty() ? urlAndQuery[0] : urlAndQuery[0] + "?" + rest;
        if (Driver.parseURL(jdbcUrl, new Properties()) == null) {
            throw new IllegalArgumentException("PG_DSN is not a valid jdbc:postgresql: URL");
        }
        return new PgDsn(jdbcUrl, user, password);
    }

    /** RFC 3986 percent-decoding: unlike URLDecoder, '+' stays a plus sign. */
    static String percentDecode(String raw) {
        return formDecode(raw.replace("+", "%2B"));
    }

    private static String formDecode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // URLDecoder's message quotes the input, which may be part of a password.
            throw new IllegalArgumentException(
                    "PG_DSN has a malformed percent-escape (% must be followed by two hex digits)");
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
