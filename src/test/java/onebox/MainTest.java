package onebox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes of {@link Main#run}; none of these tests starts the app. */
class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void helpPrintsTheSettingsAndExitsZero() {
        int code = run(List.of("--help", "--no-such-flag"), Map.of("ONEBOX_BOGUS", "1"));

        assertEquals(0, code);
        assertTrue(out().contains("ONEBOX_HTTPS_PORT, --https-port"), out());
        assertEquals("", err());
    }

    @Test
    void versionPrintsTheVersionAndExitsZero() {
        assertEquals(0, run(List.of("--version"), Map.of()));
        assertTrue(out().startsWith("onebox " + Main.version() + " (Java "), out());
    }

    @Test
    void checkConfigPrintsTheSettingsAndExitsZero() {
        int code = run(List.of("--check-config", "--https-port=9443"), Map.of());

        assertEquals(0, code);
        assertTrue(out().contains("ONEBOX_HTTPS_PORT          9443  # flag"), out());
        assertEquals("", err());
    }

    @Test
    void checkConfigWithABadValuePrintsOneLineAndExitsTwo() {
        int code = run(List.of("--check-config"), Map.of("ONEBOX_RATE_BURST", "0"));

        assertEquals(2, code);
        assertEquals("ONEBOX_RATE_BURST=0 is invalid: expected an integer >= 1\n", err());
        assertEquals("", out());
    }

    @Test
    void startWithAnUnknownSettingPrintsOneLineAndExitsTwoWithoutStarting() {
        int code = Main.run(List.of(), Map.of("ONEBOX_PORT", "443"), print(out), print(err), settings -> {
            throw new AssertionError("must not start");
        });

        assertEquals(2, code);
        assertEquals("unknown setting ONEBOX_PORT in the environment (see --help for the list)\n", err());
    }

    @Test
    void startUpFailureLogsTheCauseChainInOneLineAndExitsOne(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("stdout");
        PrintStream original = System.out;
        int code;
        try (PrintStream captured = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
            System.setOut(captured);
            code = Main.run(List.of("--log-format", "text"), Map.of(), print(out), print(err), settings -> {
                throw new IllegalStateException("could not start the public listener",
                        new java.net.BindException("Address already in use"));
            });
        } finally {
            System.setOut(original);
        }

        assertEquals(1, code);
        List<String> errors = Files.readAllLines(log).stream().filter(line -> line.contains("ERROR")).toList();
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.getFirst().endsWith(
                "onebox did not start: could not start the public listener: Address already in use"), errors.getFirst());
        assertFalse(Files.readString(log).contains("at onebox."), "no stack trace at info level");
    }

    @Test
    void causeChainSkipsMessagesAlreadyIncluded() {
        var inner = new IOException("disk full");
        var outer = new UncheckedIOException(inner);

        assertEquals("java.io.IOException: disk full", Main.causeChain(outer));
    }

    private int run(List<String> args, Map<String, String> env) {
        return Main.run(args, env, print(out), print(err), settings -> {
            throw new AssertionError("must not start");
        });
    }

    private static PrintStream print(ByteArrayOutputStream buffer) {
        return new PrintStream(buffer, true, StandardCharsets.UTF_8);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
