package onebox.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import net.logstash.logback.encoder.LogstashEncoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ObservedHandlerTest {

    private Metrics metrics;
    private FakePublicServer server;
    private final ListAppender<ILoggingEvent> accessLines = new ListAppender<>();
    private final Logger accessLogger = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);

    @BeforeEach
    void start() {
        metrics = new Metrics(new BuildInfo("1.0", "abc", "now"), Duration.ofHours(1));
        server = new FakePublicServer(metrics);
        accessLines.start();
        accessLogger.addAppender(accessLines);
    }

    @AfterEach
    void stop() {
        accessLogger.detachAppender(accessLines);
        server.close();
        metrics.close();
    }

    @Test
    void clientRequestIdIsEchoedAndSetInTheMdcOfTheWorkerThread() throws Exception {
        var response = server.send(HttpRequest.newBuilder(server.uri("/api/products/a")).header("X-Request-Id", "abc-123"));
        assertEquals(200, response.statusCode());
        assertEquals("abc-123", response.headers().firstValue("X-Request-Id").orElseThrow());
        assertEquals("abc-123", response.headers().firstValue("X-Seen-Request-Id").orElseThrow());
    }

    @Test
    void tooLongRequestIdIsReplacedByAGeneratedOne() throws Exception {
        String tooLong = "x".repeat(129);
        var response = server.send(HttpRequest.newBuilder(server.uri("/api/products/a")).header("X-Request-Id", tooLong));
        String echoed = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertEquals(32, echoed.length());
        assertEquals(echoed, response.headers().firstValue("X-Seen-Request-Id").orElseThrow());
    }

    @Test
    void durationIsLabelledWithTheRouteTemplateAndStatus() throws Exception {
        server.get("/api/products/first");
        server.get("/api/products/second");
        server.get("/boom");
        server.get("/static/app.css");
        awaitCount(2.0, "GET", "/api/products/{name}", "200");
        awaitCount(1.0, "GET", "/boom", "500");
        awaitCount(1.0, "GET", Routes.STATIC, "200");
        assertEquals(0.0, metrics.registry().getSampleValue("http_server_active_requests"));
    }

    @Test
    void bodyBytesAreCountedWithAndWithoutContentLength() throws Exception {
        server.send(HttpRequest.newBuilder(server.uri("/echo")).POST(HttpRequest.BodyPublishers.ofString("x".repeat(1500))));
        server.send(HttpRequest.newBuilder(server.uri("/echo")).POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(new byte[700]))));
        awaitCount(2.0, "POST", "/echo", "200");
        Double sum = metrics.registry().getSampleValue("http_server_request_size_bytes_sum",
                new String[] {"method", "route"}, new String[] {"POST", "/echo"});
        assertEquals(2200.0, sum);
    }

    @Test
    void thousandDistinctUnknownPathsAddNoRouteLabelValues() throws Exception {
        server.get("/api/products/known");
        awaitCount(1.0, "GET", "/api/products/{name}", "200");
        Set<String> before = routeLabels();
        for (int i = 0; i < 1000; i++) {
            assertEquals(404, server.get("/wp-admin/probe-" + i + ".php").statusCode());
        }
        server.send(HttpRequest.newBuilder(server.uri("/nothing")).method("BREW", HttpRequest.BodyPublishers.noBody()));
        awaitCount(1.0, "other", Routes.UNMATCHED, "404");
        Set<String> after = routeLabels();
        assertEquals(Set.of("/api/products/{name}", Routes.UNMATCHED), after);
        assertTrue(after.size() <= before.size() + 1, "only 'unmatched' may be new: " + after);
        awaitCount(1000.0, "GET", Routes.UNMATCHED, "404");
        awaitCount(1.0, "other", Routes.UNMATCHED, "404");
    }

    @Test
    void accessLogLineCarriesStructuredFieldsAndNoAuthorization() throws Exception {
        server.send(HttpRequest.newBuilder(server.uri("/api/products/a?secret=1"))
                .header("X-Request-Id", "req-7")
                .header("Authorization", "Bearer top-secret-token"));
        ILoggingEvent line = awaitAccessLine();
        String message = line.getFormattedMessage();
        assertTrue(message.matches("GET /api/products/a 200 [0-9.]+ ms"), message);
        JsonNode json = new ObjectMapper().readTree(jsonOf(line));
        assertFalse(json.toString().contains("top-secret-token"), json.toString());
        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("@timestamp", "@version", "message", "logger_name", "thread_name", "level", "level_value",
                "request_id", "method", "route", "path", "status", "duration_ms", "bytes_in", "bytes_out", "client",
                "protocol", "tls"), fields);
        assertEquals("req-7", json.get("request_id").asText());
        assertEquals("GET", json.get("method").asText());
        assertEquals("/api/products/{name}", json.get("route").asText());
        assertEquals("/api/products/a", json.get("path").asText());
        assertEquals(200, json.get("status").asInt());
        assertTrue(json.get("duration_ms").isNumber(), json.toString());
        assertEquals("127.0.0.1", json.get("client").asText());
        assertEquals("h1", json.get("protocol").asText());
        assertEquals("none", json.get("tls").asText());
        assertEquals(AccessLog.LOGGER, json.get("logger_name").asText());
        assertEquals(20000, json.get("level_value").asInt());
    }

    @Test
    void accessLogJsonEscapesWhatClientsSend() throws Exception {
        var out = new StringBuilder();
        AccessLogJson.string(out, "/a\"b\\c\n\u0001\ud800");
        assertEquals("\"/a\\\"b\\\\c\\n\\u0001\\ud800\"", out.toString());
        assertEquals("/a\"b\\c\n\u0001\ud800", new ObjectMapper().readTree(out.toString()).asText());
    }

    /** What the JSON encoder of production logging makes of the line: fields, not just text. */
    private String jsonOf(ILoggingEvent line) {
        LogstashEncoder general = new LogstashEncoder();
        general.setContext(accessLogger.getLoggerContext());
        general.start();
        try {
            return new String(new AccessLogJson(general).encode(line), java.nio.charset.StandardCharsets.UTF_8);
        } finally {
            general.stop();
        }
    }

    private ILoggingEvent awaitAccessLine() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (accessLines.list.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return accessLines.list.getFirst();
    }

    /** Metrics are recorded when the exchange completes, which can be just after the client has its answer. */
    private void awaitCount(double expected, String method, String route, String status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (count(method, route, status) < expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(expected, count(method, route, status));
    }

    private double count(String method, String route, String status) {
        Double value = metrics.registry().getSampleValue(HttpMetrics.DURATION + "_count",
                new String[] {"method", "route", "status"}, new String[] {method, route, status});
        return value == null ? 0.0 : value;
    }

    private Set<String> routeLabels() {
        return Collections.list(metrics.registry().filteredMetricFamilySamples(
                        name -> name.startsWith("http_server_"))).stream()
                .flatMap(family -> family.samples.stream())
                .filter(sample -> sample.labelNames.contains("route"))
                .map(sample -> sample.labelValues.get(sample.labelNames.indexOf("route")))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
