package onebox.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.time.Instant;
import onebox.observability.DatabaseProbe;
import onebox.observability.TlsStatus;
import onebox.observability.FakePublicServer;
import onebox.observability.Metrics;
import org.junit.jupiter.api.Test;

/** The files in monitoring/ pass promtool, and a live scrape passes its linter. */
class MonitoringFilesTest {

    static final Path MONITORING = Path.of("monitoring");

    @Test
    void shippedPrometheusConfigIsValid() throws Exception {
        Path promtool = ExternalTool.require("promtool", "prometheus");
        var result = ExternalTool.run(List.of(promtool.toString(), "check", "config",
                MONITORING.resolve("prometheus.yml").toString()), 60);
        assertEquals(0, result.exitCode(), result.output());
    }

    @Test
    void shippedAlertRulesAreValid() throws Exception {
        Path promtool = ExternalTool.require("promtool", "prometheus");
        var result = ExternalTool.run(List.of(promtool.toString(), "check", "rules",
                MONITORING.resolve("alerts.yml").toString()), 60);
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("SUCCESS: 10 rules found"), result.output());
    }

    @Test
    void dashboardIsJsonWithAQueryInEveryPanel() throws Exception {
        List<String> queries = dashboardQueries();
        assertTrue(queries.size() >= 20, "dashboard queries: " + queries.size());
    }

    @Test
    void liveScrapePassesPromtoolsMetricsLinter() throws Exception {
        Path promtool = ExternalTool.require("promtool", "prometheus");
        try (Metrics metrics = Metrics.create();
                FakePublicServer traffic = new FakePublicServer(metrics);
                AdminServer admin = AdminServer.start(new AdminServer.Config("127.0.0.1", 0, Set.of()),
                        metrics, List::of, List.of(), Clock.systemUTC(), Optional.empty());
                HttpClient client = HttpClient.newHttpClient()) {
            metrics.watchDatabase(() -> new DatabaseProbe.Snapshot(9_000_000, Map.of("active", 1L)));
            metrics.tls().watch(() -> new TlsStatus(Map.of("localhost", Instant.now().plusSeconds(86_400)),
                    Optional.of(Instant.now().plusSeconds(3_600))));
            traffic.get("/api/products/a");
            traffic.get("/boom");
            metrics.queries().time("product_get", () -> 1);
            metrics.tls().recordRenewal("success", "expiring");
            assertTrue(scrape(client, admin).contains("onebox_db_up 1.0") || awaitDatabase(client, admin));
            String scrape = client.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + admin.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Path file = Files.createTempFile("onebox-scrape", ".txt");
            Files.writeString(file, scrape);
            Files.copy(file, Path.of("target", "metrics-scrape.txt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            var result = ExternalTool.run(List.of("/bin/sh", "-c",
                    "'" + promtool + "' check metrics < '" + file + "'"), 60);
            Files.delete(file);
            assertEquals(0, result.exitCode(), result.output());
            assertEquals("", result.output().strip());
        }
    }

    private static String scrape(HttpClient client, AdminServer admin) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The first background probe runs right after watchDatabase; wait for it, bounded. */
    private static boolean awaitDatabase(HttpClient client, AdminServer admin) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (scrape(client, admin).contains("onebox_db_up 1.0")) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    static List<String> dashboardQueries() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(MONITORING.resolve("grafana-dashboard.json").toFile());
        assertEquals("onebox", dashboard.get("uid").asText());
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            if (panel.get("type").asText().equals("row")) {
                continue;
            }
            assertTrue(panel.get("targets").size() > 0, "panel without a query: " + panel.get("title"));
            panel.get("targets").forEach(target -> queries.add(target.get("expr").asText()));
        }
        return queries;
    }

}
