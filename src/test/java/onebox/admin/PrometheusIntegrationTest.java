package onebox.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import onebox.observability.FakePublicServer;
import onebox.observability.Metrics;
import onebox.testing.Ports;
import org.junit.jupiter.api.Test;

/**
 * The shipped prometheus.yml and alerts.yml, run by a real Prometheus that scrapes a live
 * admin listener and a real node-exporter: both jobs come up, request counts arrive, every
 * rule evaluates and every dashboard query is accepted.
 */
class PrometheusIntegrationTest {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private final HttpClient client = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final List<Process> processes = new ArrayList<>();

    @Test
    void prometheusScrapesOneboxAndNodeExporterWithTheShippedConfig() throws Exception {
        Path prometheus = ExternalTool.require("prometheus", "prometheus");
        Path nodeExporter = ExternalTool.require("prometheus-node-exporter", "prometheus-node-exporter");
        Path work = Files.createTempDirectory("onebox-prometheus");
        try (Metrics metrics = Metrics.create();
                FakePublicServer traffic = new FakePublicServer(metrics);
                AdminServer admin = AdminServer.start(new AdminServer.Config("127.0.0.1", 0, Set.of()),
                        metrics, List::of, List.of(), Clock.systemUTC(), Optional.empty())) {
            int nodePort = Ports.free();
            int prometheusPort = Ports.free();
            start(work.resolve("node-exporter.log"), nodeExporter.toString(),
                    "--web.listen-address=127.0.0.1:" + nodePort,
                    "--collector.disable-defaults", "--collector.cpu", "--collector.meminfo",
                    "--collector.loadavg", "--collector.filesystem");
            Path config = writeConfig(work, admin.port(), nodePort);
            start(work.resolve("prometheus.log"), prometheus.toString(),
                    "--config.file=" + config, "--storage.tsdb.path=" + work.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + prometheusPort);
            URI api = URI.create("http://127.0.0.1:" + prometheusPort + "/api/v1/");

            for (int i = 0; i < 20; i++) {
                traffic.get("/api/products/p" + i);
            }
            traffic.get("/boom");

            JsonNode up = await(api, "up", result -> result.size() == 2
                    && allMatch(result, series -> series.get("value").get(1).asText().equals("1")));
            assertEquals(Set.of("onebox", "node"), jobs(up));
            JsonNode requests = await(api, "sum(http_server_request_duration_seconds_count{route=\"/api/products/{name}\"})",
                    result -> result.size() == 1 && result.get(0).get("value").get(1).asDouble() >= 20);
            assertEquals(20.0, requests.get(0).get("value").get(1).asDouble());
            assertEveryRuleEvaluates(api);
            for (String query : MonitoringFilesTest.dashboardQueries()) {
                String concrete = query.replace("$__rate_interval", "1m").replace("$instance", ".*");
                assertEquals("success", get(api.resolve("query?query=" + encode(concrete))).get("status").asText(), query);
            }
        } finally {
            stopAll();
            deleteRecursively(work);
        }
    }

    private void assertEveryRuleEvaluates(URI api) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        List<String> health = List.of();
        while (System.nanoTime() < deadline) {
            health = new ArrayList<>();
            for (JsonNode group : get(api.resolve("rules")).get("data").get("groups")) {
                for (JsonNode rule : group.get("rules")) {
                    health.add(rule.get("name").asText() + ":" + rule.get("health").asText());
                }
            }
            if (health.size() == 10 && health.stream().allMatch(h -> h.endsWith(":ok"))) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("rules did not all evaluate ok: " + health);
    }

    private JsonNode await(URI api, String query, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        JsonNode result = null;
        while (System.nanoTime() < deadline) {
            try {
                result = get(api.resolve("query?query=" + encode(query))).get("data").get("result");
                if (done.test(result)) {
                    return result;
                }
            } catch (java.io.IOException notYetListening) {
                result = null;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Prometheus never answered " + query + " as expected; last: " + result);
    }

    private JsonNode get(URI uri) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return json.readTree(response.body());
    }

    /** The shipped config with this test's ports, a 1 s interval and the rules by absolute path. */
    private static Path writeConfig(Path work, int adminPort, int nodePort) throws Exception {
        String shipped = Files.readString(MonitoringFilesTest.MONITORING.resolve("prometheus.yml"));
        String config = shipped
                .replace("127.0.0.1:9090", "127.0.0.1:" + adminPort)
                .replace("127.0.0.1:9100", "127.0.0.1:" + nodePort)
                .replace("scrape_interval: 15s", "scrape_interval: 1s")
                .replace("evaluation_interval: 15s", "evaluation_interval: 1s")
                .replace("- alerts.yml", "- " + MonitoringFilesTest.MONITORING.resolve("alerts.yml").toAbsolutePath());
        Path file = work.resolve("prometheus.yml");
        Files.writeString(file, config);
        return file;
    }

    private void start(Path log, String... command) throws Exception {
        processes.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start());
    }

    private void stopAll() throws InterruptedException {
        for (Process process : processes) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        client.close();
    }

    private static Set<String> jobs(JsonNode result) {
        Set<String> jobs = new java.util.TreeSet<>();
        result.forEach(series -> jobs.add(series.get("metric").get("job").asText()));
        return jobs;
    }

    private static boolean allMatch(JsonNode array, Predicate<JsonNode> test) {
        for (JsonNode node : array) {
            if (!test.test(node)) {
                return false;
            }
        }
        return true;
    }

    private static String encode(String query) {
        return URLEncoder.encode(query, StandardCharsets.UTF_8);
    }

    private static void deleteRecursively(Path root) throws Exception {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        assertTrue(Files.notExists(root), "temp dir left behind: " + root);
    }
}
