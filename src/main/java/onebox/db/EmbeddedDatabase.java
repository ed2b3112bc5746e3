package onebox.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zero-configuration PostgreSQL 15 (zonky's binaries), listening on loopback only,
 * with its data in a directory that survives restarts.
 *
 * <p>PostgreSQL refuses to run as root. When onebox runs as root, zonky starts initdb and
 * postgres under {@code unshare -U}: in a fresh user namespace they run as "nobody" while
 * the files stay owned by the real user, so no extra account is needed.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final String SUPERUSER = "postgres";
    private static final Duration LEFTOVER_STOP_WAIT = Duration.ofSeconds(15);

    private final EmbeddedPostgres postgres;
    private final Path dataDir;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    /** Starts the server on a free loopback port; initialises {@code dataDir} on first use. */
    public static EmbeddedDatabase start(Path dataDir) {
        return start(dataDir, 0);
    }

    /** As {@link #start(Path)} on a given port (0 = any free port); tests restart on the same port. */
    static EmbeddedDatabase start(Path dataDir, int port) {
        try {
            Files.createDirectories(dataDir);
            stopLeftoverServer(dataDir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    // onebox stops the server itself, after the public listener has drained:
                    // zonky's own hook would stop it at once on SIGTERM, under in-flight requests.
                    .setRegisterShutdownHook(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("unix_socket_directories", "")
                    // zonky tunes for throwaway test databases (-F, synchronous_commit=off);
                    // this one holds real data: a write acknowledged is a write on disk.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setPGStartupWait(Duration.ofSeconds(30));
            if (port != 0) {
                builder.setPort(port);
            }
            EmbeddedDatabase database = new EmbeddedDatabase(builder.start(), dataDir);
            log.info("embedded PostgreSQL 15 in {} on 127.0.0.1:{}; set PG_DSN=postgres://… to use your own server",
                    dataDir, database.port());
            return database;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dataDir
                    + " (ONEBOX_DATA_DIR): " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("could not start the embedded PostgreSQL in " + dataDir
                    + " (ONEBOX_DATA_DIR; is another onebox using it?): " + e.getMessage(), e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** How to reach it: the superuser over loopback, trusted (nothing else can reach the port's host). */
    public PgDsn dsn() {
        return new PgDsn("jdbc:postgresql://127.0.0.1:" + port() + "/postgres",
                Optional.of(SUPERUSER), Optional.empty());
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("could not stop the embedded PostgreSQL in {}: {}", dataDir, e.getMessage());
        }
    }

    /**
     * A server left running by a onebox that was killed (SIGKILL) still holds the data
     * directory; stop it (SIGTERM: PostgreSQL's smart shutdown, whose clients died with
     * that onebox) so that this start can take over.
     */
    private static void stopLeftoverServer(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isReadable(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
        } catch (NumberFormatException | java.util.NoSuchElementException e) {
            return;
        }
        Optional<ProcessHandle> leftover = ProcessHandle.of(pid)
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
        if (leftover.isEmpty()) {
            return;
        }
        log.warn("stopping a PostgreSQL (pid {}) left running in {}", pid, dataDir);
        leftover.get().destroy();
        try {
            leftover.get().onExit().get(LEFTOVER_STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("PostgreSQL pid " + pid + " still holds " + dataDir
                    + " after " + LEFTOVER_STOP_WAIT.toSeconds() + " s", e);
        }
    }
}
