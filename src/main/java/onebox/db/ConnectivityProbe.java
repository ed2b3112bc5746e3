package onebox.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import onebox.admin.ReadinessCheck;

/**
 * Readiness of the database, probed in the background every second, so that /readyz
 * answers at once (it may run on an IO thread) and never piles up blocked checks.
 */
final class ConnectivityProbe implements ReadinessCheck {

    static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final int VALIDATION_SECONDS = 1;

    private final DataSource dataSource;
    private final String location;
    private final AtomicReference<Optional<String>> problem;

    ConnectivityProbe(DataSource dataSource, String location) {
        this.dataSource = dataSource;
        this.location = location;
        this.problem = new AtomicReference<>(Optional.of("PostgreSQL at " + location + " not checked yet"));
    }

    @Override
    public String name() {
        return "database";
    }

    @Override
    public Optional<String> problem() {
        return problem.get();
    }

    void start(ScheduledExecutorService scheduler) {
        scheduler.scheduleWithFixedDelay(this::probe, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Catches everything: an exception would cancel the schedule. */
    void probe() {
        try (Connection connection = dataSource.getConnection()) {
            problem.set(connection.isValid(VALIDATION_SECONDS)
                    ? Optional.empty()
                    : Optional.of("PostgreSQL at " + location + " did not answer within " + VALIDATION_SECONDS + " s"));
        } catch (SQLException | RuntimeException e) {
            problem.set(Optional.of("PostgreSQL at " + location + " is unreachable: " + Failures.rootMessage(e)));
        }
    }
}
