package onebox.tls.acme;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** The real curl, as a user would call onebox: {@code curl --resolve NAME:PORT:127.0.0.1 --cacert ROOT}. */
record Curl(int exitCode, String output) {

    static void require() {
        boolean present = java.nio.file.Files.isExecutable(Path.of("/usr/bin/curl"));
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("curl is missing: apt-get install curl");
        }
        Assumptions.assumeTrue(present, "curl is not installed");
    }

    /** GET with headers in the output; {@code caFile} null means -k (the placeholder is trusted by no one). */
    static Curl get(String host, int port, Path caFile, String path) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-i", "--max-time", "5",
                "--resolve", host + ":" + port + ":127.0.0.1"));
        if (caFile == null) {
            command.add("-k");
        } else {
            command.addAll(List.of("--cacert", caFile.toString()));
        }
        command.add("https://" + host + ":" + port + path);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Curl(-1, output);
        }
        return new Curl(process.exitValue(), output);
    }

    /** The status of the last response (after any 1xx), or 0 when curl failed. */
    int status() {
        if (exitCode != 0) {
            return 0;
        }
        int at = output.lastIndexOf("HTTP/");
        return Integer.parseInt(output.substring(at).split(" ", 3)[1]);
    }

    String header(String name) {
        for (String line : output.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return null;
    }

    String body() {
        int at = output.indexOf("\r\n\r\n");
        return at < 0 ? "" : output.substring(at + 4);
    }
}
