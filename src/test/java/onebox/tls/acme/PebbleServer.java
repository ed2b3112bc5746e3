package onebox.tls.acme;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import onebox.tls.Pem;
import onebox.tls.TlsPolicy;
import org.junit.jupiter.api.Assumptions;

/**
 * Let's Encrypt's test CA from Debian's {@code pebble} package, run by the tests: pebble
 * itself plus {@code pebble-challtestsrv} as its DNS, answering 127.0.0.1 for every name.
 * Pebble validates on the fixed ports 5002 (http-01) and 5001 (tls-alpn-01), so tests
 * that use it must not run in parallel with each other.
 */
final class PebbleServer implements AutoCloseable {

    static final int HTTP_01_PORT = 5002;
    static final int TLS_ALPN_01_PORT = 5001;
    private static final int DNS_PORT = 8053;
    private static final Duration READY_DEADLINE = Duration.ofSeconds(20);

    private final Path dir;
    private final Duration validity;
    private final Map<String, String> eabMacKeys;
    private final int listenPort = freePort();
    private final int managementPort = freePort();
    private final int challtestManagementPort = freePort();
    private final List<Process> processes = new ArrayList<>();
    private X509Certificate issuingRoot;

    private PebbleServer(Path dir, Duration validity, Map<String, String> eabMacKeys) {
        this.dir = dir;
        this.validity = validity;
        this.eabMacKeys = Map.copyOf(eabMacKeys);
    }

    /** Starts Pebble issuing certificates valid for {@code validity}; skips (or fails under CI) without it. */
    static PebbleServer start(Path dir, Duration validity) throws Exception {
        return start(dir, validity, Map.of());
    }

    /**
     * As {@link #start(Path, Duration)}; with {@code eabMacKeys} (key id to base64url HMAC key)
     * not empty, Pebble requires External Account Binding with one of those keys for every new account.
     */
    static PebbleServer start(Path dir, Duration validity, Map<String, String> eabMacKeys) throws Exception {
        requireTool("pebble");
        requireTool("pebble-challtestsrv");
        PebbleServer server = new PebbleServer(dir, validity, eabMacKeys);
        server.writeHttpsCertificate();
        server.writeConfig();
        server.startProcesses();
        return server;
    }

    static void requireTool(String name) {
        boolean present = List.of("/usr/bin/" + name, "/usr/local/bin/" + name).stream()
                .anyMatch(p -> Files.isExecutable(Path.of(p)));
        if (!present && "true".equals(System.getenv("CI"))) {
            fail(name + " is missing: install Debian's pebble package (apt-get install pebble)");
        }
        Assumptions.assumeTrue(present, name + " is not installed");
    }

    URI directory() {
        return URI.create("https://127.0.0.1:" + listenPort + "/dir");
    }

    /** Pebble's own HTTPS certificate: what ONEBOX_ACME_CA_FILE points at. */
    Path httpsCaFile() {
        return dir.resolve("pebble-https.pem");
    }

    /** The root that signs what Pebble issues, fetched from the management endpoint. */
    X509Certificate issuingRoot() {
        return issuingRoot;
    }

    /** How many orders Pebble has accepted since it was first started, counted from its log. */
    long ordersAdded() throws IOException {
        Path log = dir.resolve("pebble.log");
        try (var lines = Files.lines(log)) {
            return lines.filter(line -> line.contains("Added order")).count();
        }
    }

    /** Stops pebble only (its DNS keeps running): "the CA is down". */
    void stopCa() {
        Process pebble = processes.getLast();
        stop(pebble);
        processes.remove(pebble);
    }

    /** Starts pebble again after {@link #stopCa()}; its roots change. */
    void startCa() throws Exception {
        startPebble();
    }

    /** Whether the CA answers on its directory port (false between {@link #stopCa()} and {@link #startCa()}). */
    boolean running() {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", listenPort), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void startProcesses() throws Exception {
        ProcessBuilder dns = new ProcessBuilder("pebble-challtestsrv",
                "-dns01", "127.0.0.1:" + DNS_PORT, "-http01", "", "-https01", "", "-tlsalpn01", "",
                "-defaultIPv4", "127.0.0.1", "-defaultIPv6", "",
                "-management", "127.0.0.1:" + challtestManagementPort);
        dns.redirectErrorStream(true).redirectOutput(dir.resolve("challtestsrv.log").toFile());
        processes.add(dns.start());
        startPebble();
    }

    private void startPebble() throws Exception {
        ProcessBuilder pebble = new ProcessBuilder("pebble", "-config", dir.resolve("pebble-config.json").toString(),
                "-dnsserver", "127.0.0.1:" + DNS_PORT);
        pebble.environment().put("PEBBLE_VA_NOSLEEP", "1");
        pebble.environment().put("PEBBLE_WFE_NONCEREJECT", "10");
        pebble.environment().put("PEBBLE_AUTHZREUSE", "0");
        pebble.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("pebble.log").toFile()));
        processes.add(pebble.start());
        awaitReady();
    }

    private void awaitReady() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(trustingPebble()).connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(READY_DEADLINE);
        Exception last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<InputStream> root = client.send(HttpRequest.newBuilder(
                        URI.create("https://127.0.0.1:" + managementPort + "/roots/0")).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                HttpResponse<String> directory = client.send(HttpRequest.newBuilder(directory()).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (root.statusCode() == 200 && directory.statusCode() == 200) {
                    issuingRoot = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(root.body());
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.onSpinWait();
            TimeUnit.MILLISECONDS.sleep(100); // a poll interval, not a wait for a fixed time
        }
        close();
        throw new IllegalStateException("pebble not ready within " + READY_DEADLINE + ", see " + dir.resolve("pebble.log"), last);
    }

    SSLContext trustingPebble() throws Exception {
        return TlsPolicy.clientTrusting(Pem.readCertificates(httpsCaFile()));
    }

    private void writeHttpsCertificate() throws Exception {
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", dir.resolve("pebble-https-key.pem").toString(), "-out", httpsCaFile().toString(),
                "-days", "2", "-subj", "/CN=pebble", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1");
    }

    private void writeConfig() throws IOException {
        String config = """
                {"pebble": {
                  "listenAddress": "127.0.0.1:%d",
                  "managementListenAddress": "127.0.0.1:%d",
                  "certificate": "%s",
                  "privateKey": "%s",
                  "httpPort": %d,
                  "tlsPort": %d,
                  "ocspResponderURL": "",
                  "externalAccountBindingRequired": %b,
                  "externalAccountMACKeys": {%s},
                  "certificateValidityPeriod": %d
                }}
                """.formatted(listenPort, managementPort, httpsCaFile(), dir.resolve("pebble-https-key.pem"),
                HTTP_01_PORT, TLS_ALPN_01_PORT, !eabMacKeys.isEmpty(), macKeysJson(), validity.toSeconds());
        Files.writeString(dir.resolve("pebble-config.json"), config);
    }

    /** Key ids and base64url keys need no JSON escaping: tests choose them from safe characters. */
    private String macKeysJson() {
        return eabMacKeys.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\": \"" + e.getValue() + "\"")
                .collect(Collectors.joining(", "));
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        for (Process process : processes.reversed()) {
            stop(process);
        }
        processes.clear();
    }
}
