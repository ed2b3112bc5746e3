package onebox;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import onebox.config.ConfigException;
import onebox.config.Settings;
import onebox.config.SettingsLoader;
import onebox.observability.LogSetup;

/**
 * {@code --aot-train}: the training run for JDK 25's AOT cache (JEP 483/514). Run as
 * {@code java -XX:AOTCacheOutput=onebox.aot -jar onebox.jar --aot-train}, it starts onebox
 * on throwaway settings (a temporary directory, the embedded PostgreSQL, the dev CA,
 * ephemeral loopback ports), sends it the requests of {@link TrainingRequests}, stops it and
 * deletes the directory; at exit the JVM writes the classes it loaded and linked, and the
 * method profiles, into the cache, which later starts load instead of redoing that work.
 * Without the flag, or on JDK 21, the same run happens and leaves nothing behind.
 */
final class AotTraining {

    private AotTraining() {}

    /** Exit code 0 when every request was answered as expected, 1 otherwise. */
    static int run(PrintStream out, PrintStream err) {
        Path dir;
        try {
            dir = Files.createTempDirectory("onebox-aot-train");
        } catch (IOException e) {
            err.println("--aot-train: cannot create a temporary directory (java.io.tmpdir): " + e.getMessage());
            return Main.FAILURE;
        }
        try {
            Settings settings = throwawaySettings(dir);
            // Production logs JSON, an access line per request: the encoder belongs in the cache too.
            LogSetup.configure(settings.logFormat(), settings.logLevel());
            List<String> mismatches;
            try (App app = App.start(settings, () -> {})) {
                mismatches = new TrainingRequests(app.httpsPort(), app.adminPort(),
                        settings.certDir().resolve("dev-ca.pem")).send();
            }
            if (!mismatches.isEmpty()) {
                err.println("--aot-train: " + mismatches.size() + " unexpected answer(s), first: "
                        + String.join("; ", mismatches.subList(0, Math.min(3, mismatches.size()))));
                return Main.FAILURE;
            }
            out.println("--aot-train: " + TrainingRequests.count() + " requests answered as expected; onebox stopped");
            return Main.OK;
        } catch (Exception | LinkageError e) {
            err.println("--aot-train: onebox did not run: " + Main.causeChain(e));
            return Main.FAILURE;
        } finally {
            deleteTree(dir, err);
        }
    }

    /** Settings from flags alone: the caller's environment (PG_DSN, ports, tokens) must not leak in. */
    private static Settings throwawaySettings(Path dir) throws ConfigException {
        return SettingsLoader.load(List.of(
                "--env", "dev",
                "--bind", "127.0.0.1", "--https-port", "0", "--http-port", "0",
                "--admin-bind", "127.0.0.1", "--admin-port", "0",
                "--tls", "self-signed", "--domains", "localhost",
                "--cert-dir", dir.resolve("certs").toString(),
                "--data-dir", dir.resolve("data").toString(),
                "--log-format", "json", "--log-level", "info"), Map.of());
    }

    private static void deleteTree(Path dir, PrintStream err) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            err.println("--aot-train: could not delete " + dir + ": " + e.getMessage());
        }
    }
}
