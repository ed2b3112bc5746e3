package onebox.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway cluster of Debian's PostgreSQL 15 that a test starts and stops at will,
 * on loopback, its socket in its own directory. PostgreSQL refuses root, so as root the
 * commands run as "nobody" (runuser).
 */
public final class DebianPostgres implements AutoCloseable {

    public static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static final long COMMAND_SECONDS = 60;

    private final Path dir;
    private final int port;
    private boolean running;

    private DebianPostgres(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static boolean installed() {
        return Files.isExecutable(BIN.resolve("initdb")) && Files.isExecutable(BIN.resolve("pg_ctl"));
    }

    /** Fails the test when the binaries are missing on CI, skips it elsewhere. */
    public static void requireInstalled() {
        if (!installed()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("Debian's PostgreSQL 15 is missing in " + BIN + ": apt-get install postgresql-15");
            }
            Assumptions.abort("Debian's PostgreSQL 15 is not installed in " + BIN);
        }
    }

    /** A running cluster on a free loopback port (skips or fails like {@link #requireInstalled()}). */
    public static DebianPostgres started() throws IOException, InterruptedException {
        requireInstalled();
        DebianPostgres cluster = create(Ports.free());
        try {
            cluster.start();
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** initdb only: the server is not running until {@link #start()}. */
    public static DebianPostgres create(int port) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("onebox-debian-pg");
        if (isRoot()) {
            UserPrincipal nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(dir, nobody);
        }
        DebianPostgres cluster = new DebianPostgres(dir, port);
        cluster.run(BIN.resolve("initdb").toString(), "-D", dir.resolve("data").toString(),
                "-U", "onebox", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8");
        return cluster;
    }

    public String dsn() {
        return "postgres://onebox@127.0.0.1:" + port + "/postgres?sslmode=disable";
    }

    /** The same database as {@link #dsn()}, for code that takes a JDBC URL (HikariCP directly). */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=onebox";
    }

    /** The cluster's data directory (postmaster.pid is there while it runs). */
    public Path dataDirectory() {
        return dir.resolve("data");
    }

    public void start() throws IOException, InterruptedException {
        run(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l", dir.resolve("log").toString(),
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "-w", "-t", "30", "start");
        running = true;
    }

    public void stop() throws IOException, InterruptedException {
        run(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "-t", "30", "stop");
        running = false;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (running) {
                stop();
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private void run(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", "nobody", "--"));
        }
        full.addAll(List.of(command));
        Process process = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(dir.resolve("commands.log").toFile()).directory(dir.toFile()).start();
        if (!process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(command[0] + " did not finish within " + COMMAND_SECONDS + " s");
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed with " + process.exitValue() + ": "
                    + Files.readString(dir.resolve("commands.log")));
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
