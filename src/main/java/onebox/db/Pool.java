package onebox.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;

/**
 * The HikariCP pool and the pgjdbc timeouts that keep a stopped, unreachable or hung
 * PostgreSQL from hanging requests: pgjdbc has no socket timeout unless told.
 */
final class Pool {

    /** How long a caller waits for a connection before the API answers 503. */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(3);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** The server cancels a statement first; the socket timeout catches a server that is gone or stopped. */
    static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(5);
    /**
     * Plan each prepared statement once per connection. Left to choose, PostgreSQL planned the
     * batched point read ({@code name = ANY(?)}) afresh on every execution, since its generic plan
     * assumes 10 names and a batch mostly has fewer; planned once, PostgreSQL's CPU per point read
     * fell by about a third (issue 6). Every onebox statement is a primary-key lookup or range
     * whose generic plan is an index scan, at 10,000 rows as at 2 million. PostgreSQL 12 or later.
     */
    static final String PLAN_CACHE_MODE = "force_generic_plan";

    private Pool() {}

    static HikariDataSource create(PgDsn dsn, int maximumPoolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("onebox");
        config.setJdbcUrl(dsn.jdbcUrl());
        dsn.user().ifPresent(config::setUsername);
        dsn.password().ifPresent(p -> config.setPassword(p.value()));
        config.setMaximumPoolSize(maximumPoolSize);
        config.setMinimumIdle(Math.min(2, maximumPoolSize));
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        config.setValidationTimeout(Duration.ofSeconds(1).toMillis());
        // Start even when the database is down: Database retries and reports not ready.
        config.setInitializationFailTimeout(-1);
        // Strings only: pgjdbc reads these with Properties.getProperty, which ignores other types.
        config.addDataSourceProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
        config.addDataSourceProperty("loginTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
        config.addDataSourceProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT.toSeconds()));
        config.addDataSourceProperty("options",
                "-c statement_timeout=" + STATEMENT_TIMEOUT.toMillis() + " -c plan_cache_mode=" + PLAN_CACHE_MODE);
        config.addDataSourceProperty("tcpKeepAlive", "true");
        // Server error details may quote row values; they stay out of exceptions and logs.
        config.addDataSourceProperty("logServerErrorDetail", "false");
        config.addDataSourceProperty("ApplicationName", "onebox");
        return new HikariDataSource(config);
    }
}
