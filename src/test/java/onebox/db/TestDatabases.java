package onebox.db;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import onebox.admin.ReadinessCheck;
import onebox.config.ListenerLimits;
import onebox.config.Settings;

/** Settings and waits shared by the database tests. */
public final class TestDatabases {

    /** Fast retries, so that "comes up later" tests do not wait for the production backoff. */
    static final Backoff FAST_BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofMillis(500));

    private TestDatabases() {}

    public static Settings settings(Path dataDir, Optional<String> pgDsn) {
        Settings.Acme acme = new Settings.Acme(URI.create("https://acme.invalid/directory"), Optional.empty(),
                Optional.empty(), Settings.Challenge.AUTO, Optional.empty(), Optional.empty(), Optional.empty(),
                Settings.KeyType.EC_P256);
        return new Settings(Settings.Environment.DEV, "127.0.0.1", 0, 0, "127.0.0.1", 0,
                Settings.TlsMode.SELF_SIGNED, List.of("localhost"), Optional.empty(), Optional.empty(), acme,
                dataDir.resolve("certs"), dataDir, pgDsn, Optional.empty(), 4, Optional.empty(), Set.of(), Set.of(),
                50, 100, Settings.LogFormat.TEXT, "info", ListenerLimits.DEFAULTS);
    }

    /** The first readiness problem, or empty when every check passes. */
    public static Optional<String> problem(Database database) {
        return database.readinessChecks().stream()
                .map(check -> check.problem().map(p -> check.name() + ": " + p))
                .flatMap(Optional::stream)
                .findFirst();
    }

    public static Optional<String> problem(Database database, String checkName) {
        return database.readinessChecks().stream()
                .filter(check -> check.name().equals(checkName))
                .map(ReadinessCheck::problem)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no readiness check named " + checkName));
    }

    public static void awaitReady(Database database, Duration timeout) {
        await(() -> problem(database).isEmpty(), timeout,
                () -> "database not ready after " + timeout + ": " + problem(database).orElse(""));
    }

    public static void await(BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure.get());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", e);
            }
        }
    }
}
