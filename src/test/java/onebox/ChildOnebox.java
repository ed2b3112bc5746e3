package onebox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import onebox.testing.Ports;
import onebox.testing.TestCertificates;

/**
 * onebox as a separate JVM ({@code onebox.Main} on this test's class path), for what a test
 * cannot do to itself: SIGKILL, or system properties that must be set before TLS starts.
 * Loopback, free ports, the dev CA in {@code dir/certs}; output goes to {@code dir/onebox.log}.
 */
final class ChildOnebox implements AutoCloseable {

    final Path dir;
    final int httpsPort = Ports.free();
    final int adminPort = Ports.free();
    private final Process process;
    private HttpClient client;

    ChildOnebox(Path dir, Map<String, String> env) throws IOException {
        this.dir = dir;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "onebox.Main"));
        var builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("onebox.log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("ONEBOX_") || name.equals("PG_DSN"));
        builder.environment().putAll(Map.of(
                "ONEBOX_BIND", "127.0.0.1",
                "ONEBOX_HTTPS_PORT", String.valueOf(httpsPort),
                "ONEBOX_HTTP_PORT", "0",
                "ONEBOX_ADMIN_PORT", String.valueOf(adminPort),
                "ONEBOX_CERT_DIR", dir.resolve("certs").toString(),
                "ONEBOX_DATA_DIR", dir.resolve("data").toString(),
                "ONEBOX_LOG_FORMAT", "text"));
        builder.environment().putAll(env);
        process = builder.start();
    }

    /** Waits for /readyz; then {@link #client()} trusts the dev CA the child created. */
    ChildOnebox awaitReady(Duration limit) throws Exception {
        return awaitReady(limit, dir.resolve("certs/dev-ca.pem"));
    }

    /** Waits for /readyz; then {@link #client()} trusts {@code caFile}. */
    ChildOnebox awaitReady(Duration limit, Path caFile) throws Exception {
        var admin = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        var readyz = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/readyz"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError("onebox exited with " + process.exitValue() + ": " + log());
            }
            try {
                if (admin.send(readyz, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("onebox not ready within " + limit + ": " + log());
            }
            Thread.sleep(200);
        }
        client = HttpClient.newBuilder().sslContext(TestCertificates.clientTrusting(caFile))
                .connectTimeout(Duration.ofSeconds(5)).build();
        return this;
    }

    HttpClient client() {
        return client;
    }

    URI uri(String path) {
        return URI.create("https://localhost:" + httpsPort + path);
    }

    /** SIGKILL: no shutdown hook, no drain, no flush. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new AssertionError("onebox survived SIGKILL for 20 s");
        }
    }

    String log() throws IOException {
        return Files.readString(dir.resolve("onebox.log"));
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
