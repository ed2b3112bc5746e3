package onebox.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.http.HttpRequest;
import net.logstash.logback.encoder.LogstashEncoder;
import java.time.Duration;
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
        assertTrue(message.contains("request_id=req-7"), message);
        assertTrue(message.contains("method=GET"), message);
        assertTrue(message.contains("route=/api/products/{name}"), message);
        assertTrue(message.contains("path=/api/products/a"), message);
        assertTrue(message.contains("status=200"), message);
        assertTrue(message.contains("client=127.0.0.1"), message);
        assertTrue(message.contains("protocol=h1"), message);
        assertTrue(message.contains("tls=none"), message);
        assertFalse(message.contains("top-secret-token"), message);
        String json = jsonOf(line);
        assertTrue(json.contains("\"route\":\"/api/products/{name}\""), json);
        assertTrue(json.contains("\"status\":200"), json);
        assertTrue(json.contains("\"request_id\":\"req-7\""), json);
        List<String> fields = Arrays.stream(line.getArgumentArray()).map(Object::toString)
                .map(kv -> kv.substring(0, kv.indexOf('='))).toList();
        assertEquals(List.of("request_id", "method", "route", "path", "status", "duration_ms", "bytes_in",
                "bytes_out", "client", "protocol", "tls"), fields);
    }

    /** What the JSON encoder of production logging makes of the line: fields, not just text. */
    private String jsonOf(ILoggingEvent line) {
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(accessLogger.getLoggerContext());
        encoder.start();
        try {
            return new String(encoder.encode(line), java.nio.charset.StandardCharsets.UTF_8);
        } finally {
            encoder.stop();
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
