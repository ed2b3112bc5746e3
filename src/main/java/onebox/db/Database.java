package onebox.db;

import com.zaxxer.hikari.HikariDataSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import onebox.admin.ReadinessCheck;
import onebox.config.Settings;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database of onebox: PG_DSN's server or the embedded one, a HikariCP pool, the
 * migrations, and the readiness checks that say whether both are usable.
 *
 * <p>{@link #open} does not fail when the database is down: it returns at once, retries
 * in the background, and the readiness checks say why it is not ready meanwhile.
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private static final long SCHEDULER_STOP_SECONDS = 5;

    private final Optional<EmbeddedDatabase> embedded;
    private final PgDsn dsn;
    private final HikariDataSource pool;
    private final ScheduledExecutorService scheduler;
    private final DSLContext dsl;
    private final List<ReadinessCheck> readinessChecks;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Database(Optional<EmbeddedDatabase> embedded, PgDsn dsn, HikariDataSource pool,
            ScheduledExecutorService scheduler, List<ReadinessCheck> readinessChecks) {
        this.embedded = embedded;
        this.dsn = dsn;
        this.pool = pool;
        this.scheduler = scheduler;
        this.readinessChecks = readinessChecks;
        this.dsl = DSL.using(pool, SQLDialect.POSTGRES, new org.jooq.conf.Settings()
                .withExecuteLogging(false)
                .withRenderSchema(false));
    }

    public static Database open(Settings settings) {
        return open(settings, Backoff.DEFAULT);
    }

    static Database open(Settings settings, Backoff backoff) {
        quietenJooq();
        Optional<EmbeddedDatabase> embedded = settings.pgDsn().isPresent()
                ? Optional.empty()
                : Optional.of(EmbeddedDatabase.start(settings.dataDir()));
        try {
            return connect(embedded, settings, backoff);
        } catch (RuntimeException e) {
            embedded.ifPresent(EmbeddedDatabase::close);
            throw e;
        }
    }

    private static Database connect(Optional<EmbeddedDatabase> embedded, Settings settings, Backoff backoff) {
        PgDsn dsn = embedded.map(EmbeddedDatabase::dsn).orElseGet(() -> PgDsn.parse(settings.pgDsn().orElseThrow()));
        if (settings.dbPassword().isPresent()) {
            dsn = dsn.withPassword(settings.dbPassword().get());
        }
        HikariDataSource pool = Pool.create(dsn, settings.dbPoolSize());
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, Thread.ofPlatform()
                .name("onebox-db-", 1).daemon(true).factory());
        ConnectivityProbe probe = new ConnectivityProbe(pool, dsn.location());
        Migrations migrations = new Migrations(pool, dsn.location(), backoff, scheduler);
        Database database = new Database(embedded, dsn, pool, scheduler, List.of(probe, migrations));
        migrations.start();
        probe.start(scheduler);
        return database;
    }

    /** jOOQ, PostgreSQL dialect, without execute logging (it would log bind values). */
    public DSLContext dsl() {
        return dsl;
    }

    /** The Hikari pool, for metrics. */
    public DataSource dataSource() {
        return pool;
    }

    /** "database" (reachable within about a second) and "migrations" (applied). */
    public List<ReadinessCheck> readinessChecks() {
        return readinessChecks;
    }

    /** For the start-up log line; never contains a password. */
    public String describe() {
        return embedded
                .map(e -> "embedded PostgreSQL at 127.0.0.1:" + e.port() + " (data in " + e.dataDir() + ")")
                .orElseGet(() -> "PostgreSQL at " + dsn.location());
    }

    public boolean embedded() {
        return embedded.isPresent();
    }

    /** Stops the retries and probes, closes the pool, then stops the embedded server; once. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(SCHEDULER_STOP_SECONDS, TimeUnit.SECONDS)) {
                log.warn("database background tasks still running after {} s; closing the pool anyway",
                        SCHEDULER_STOP_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.close();
        embedded.ifPresent(EmbeddedDatabase::close);
    }

    /** jOOQ prints a banner and tips unless told not to, and offers only system properties for that. */
    private static void quietenJooq() {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }
}
