package onebox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM closes the app and the process exits 0, as systemd expects of a clean stop. */
class MainLifecycleTest {

    @Test
    void sigtermClosesTheAppAndExitsZero(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("output");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LifecycleProbe.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            awaitLine(log, "probe started", process);
            process.destroy(); // SIGTERM on Linux
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "did not stop within 20 s: " + Files.readAllLines(log));
        } finally {
            process.destroyForcibly();
        }

        List<String> lines = Files.readAllLines(log);
        assertEquals(0, process.exitValue(), lines.toString());
        assertTrue(lines.contains("probe closed"), lines.toString());
        assertTrue(lines.getLast().endsWith("onebox stopped"), lines.toString());
    }

    private static void awaitLine(Path log, String wanted, Process process) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!Files.readAllLines(log).contains(wanted)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("no '" + wanted + "' from the child: " + Files.readAllLines(log));
            }
            process.waitFor(50, TimeUnit.MILLISECONDS);
        }
    }
}
