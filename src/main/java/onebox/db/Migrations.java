package onebox.db;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;
import onebox.admin.ReadinessCheck;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the Flyway migrations, retrying with backoff until they succeed. Flyway holds
 * a PostgreSQL advisory lock while it migrates, so instances starting together take
 * turns and each finds the schema in place.
 */
final class Migrations implements ReadinessCheck {

    private static final Logger log = LoggerFactory.getLogger(Migrations.class);

    private final Flyway flyway;
    private final String location;
    private final Backoff backoff;
    private final ScheduledExecutorService scheduler;
    private final RandomGenerator random = RandomGenerator.getDefault();
    private final AtomicReference<Optional<String>> problem =
            new AtomicReference<>(Optional.of("migrations have not run yet"));

    Migrations(DataSource dataSource, String location, Backoff backoff, ScheduledExecutorService scheduler) {
        this.flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load();
        this.location = location;
        this.backoff = backoff;
        this.scheduler = scheduler;
    }

    @Override
    public String name() {
        return "migrations";
    }

    @Override
    public Optional<String> problem() {
        return problem.get();
    }

    /** Tries once now, on the caller's thread; on failure keeps trying in the background. */
    void start() {
        attempt(1);
    }

    private void attempt(int attempt) {
        try {
            int applied = flyway.migrate().migrationsExecuted;
            problem.set(Optional.empty());
            log.info("database schema is up to date ({} migration(s) applied now)", applied);
        } catch (RuntimeException e) {
            Duration delay = backoff.delay(attempt, random);
            String reason = Failures.rootMessage(e);
            problem.set(Optional.of("migrations not applied to " + location + ": " + reason));
            log.warn("migrations not applied to {} (attempt {}), retrying in {} ms: {}",
                    location, attempt, delay.toMillis(), reason);
            scheduleRetry(attempt + 1, delay);
        }
    }

    private void scheduleRetry(int attempt, Duration delay) {
        if (!scheduler.isShutdown()) {
            scheduler.schedule(() -> attempt(attempt), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
