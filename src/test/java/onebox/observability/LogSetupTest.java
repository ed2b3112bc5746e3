package onebox.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import onebox.config.Settings.LogFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class LogSetupTest {

    private final PrintStream original = System.out;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    @AfterEach
    void restore() {
        System.setOut(original);
        MDC.clear();
        LogSetup.configure(LogFormat.TEXT, "info");
    }

    @Test
    void jsonLinesCarryTheMdc() throws Exception {
        List<String> lines = logWith(LogFormat.JSON, "info");

        assertEquals(1, lines.size(), lines.toString());
        JsonNode line = new ObjectMapper().readTree(lines.getFirst());
        assertEquals("served /api/products", line.get("message").asText());
        assertEquals("INFO", line.get("level").asText());
        assertEquals("onebox.test", line.get("logger_name").asText());
        assertEquals("req-42", line.get("requestId").asText());
    }

    @Test
    void textLinesAreCompactAndShowTheMdc() throws Exception {
        List<String> lines = logWith(LogFormat.TEXT, "info");

        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.getFirst().matches(
                "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  onebox.test \\[requestId=req-42\\] - served /api/products"),
                lines.getFirst());
    }

    @Test
    void levelSettingFiltersAndNoisyLibrariesStayQuiet() throws Exception {
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        LogSetup.configure(LogFormat.TEXT, "debug");

        LoggerFactory.getLogger("onebox.test").debug("onebox detail");
        LoggerFactory.getLogger("org.xnio.nio").info("xnio chatter");
        LoggerFactory.getLogger("com.zaxxer.hikari.pool.HikariPool").warn("pool warning");

        String output = captured.toString(StandardCharsets.UTF_8);
        assertTrue(output.contains("onebox detail"), output);
        assertTrue(output.contains("pool warning"), output);
        assertFalse(output.contains("xnio chatter"), output);
    }

    private List<String> logWith(LogFormat format, String level) {
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        LogSetup.configure(format, level);
        Logger log = LoggerFactory.getLogger("onebox.test");
        MDC.put("requestId", "req-42");
        log.info("served /api/products");
        log.debug("hidden at info");
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
