package onebox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import onebox.testing.TestCertificates;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * testssl.sh against the public listener of a child onebox (started by Main, so with the
 * JDK settings Main makes), in files mode with a test CA that the scan is told to trust.
 * Its exit code does not reflect findings: the JSON report is read instead.
 */
@Timeout(300)
class TestsslScanTest {

    private static final Path TESTSSL = Path.of("/usr/bin/testssl");
    private static final Duration SCAN_LIMIT = Duration.ofMinutes(4);
    /** What a test certificate cannot have: revocation URLs, a CA's lifetime rules. */
    private static final Set<String> TEST_CERTIFICATE_FINDINGS = Set.of("cert_revocation", "cert_crlDistributionPoints",
            "cert_ocspURL", "OCSP_stapling", "cert_validityPeriod", "cert_expirationStatus", "cert_notAfter",
            "DNS_CAArecord");
    private static final Map<String, String> PROTOCOLS = Map.of("SSLv2", "not offered", "SSLv3", "not offered",
            "TLS1", "not offered", "TLS1_1", "not offered", "TLS1_2", "offered", "TLS1_3", "offered with final");

    @TempDir
    Path dir;

    @Test
    void scanFindsNothingHighBeyondTheTestCertificate() throws Exception {
        if (!Files.isExecutable(TESTSSL)) {
            if ("true".equals(System.getenv("CI"))) {
                fail("testssl.sh is missing: apt-get install testssl.sh");
            }
            Assumptions.abort("testssl.sh is not installed");
        }
        TestCertificates certificates = TestCertificates.create(Files.createDirectory(dir.resolve("tls")));
        try (var onebox = new ChildOnebox(dir, Map.of("ONEBOX_TLS", "files",
                "ONEBOX_TLS_CERT_FILE", certificates.certFile().toString(),
                "ONEBOX_TLS_KEY_FILE", certificates.keyFile().toString()))) {
            onebox.awaitReady(Duration.ofSeconds(90), certificates.caFile());
            JsonNode findings = scan(onebox, certificates.caFile());

            Map<String, String> severe = new TreeMap<>();
            Map<String, Integer> bySeverity = new TreeMap<>();
            for (JsonNode finding : findings) {
                String severity = finding.path("severity").asText();
                bySeverity.merge(severity, 1, Integer::sum);
                if (Set.of("HIGH", "CRITICAL").contains(severity)
                        && !TEST_CERTIFICATE_FINDINGS.contains(finding.path("id").asText())) {
                    severe.put(finding.path("id").asText(), finding.path("finding").asText());
                }
            }
            System.out.println("testssl.sh: findings by severity " + bySeverity + "; test-certificate findings "
                    + accepted(findings) + "; "
                    + summary(findings, List.of("TLS1_2", "TLS1_3", "secure_client_renego", "HSTS_time",
                            "cert_revocation", "BREACH")));
            assertEquals(Map.of(), severe, "HIGH or CRITICAL findings");
            PROTOCOLS.forEach((protocol, expected) -> assertEquals(expected, finding(findings, protocol), protocol));
            assertEquals("not vulnerable", finding(findings, "secure_client_renego"));
            assertTrue(finding(findings, "HSTS_time").contains("31536000"), finding(findings, "HSTS_time"));
        }
    }

    private JsonNode scan(ChildOnebox onebox, Path caFile) throws Exception {
        Path report = dir.resolve("testssl.json");
        Process testssl = new ProcessBuilder(TESTSSL.toString(), "--quiet", "--color", "0", "--warnings", "off",
                "--add-ca", caFile.toString(), "--jsonfile", report.toString(), "--ip", "one",
                "--protocols", "--server-defaults", "--vulnerable", "--headers", "--fast",
                "localhost:" + onebox.httpsPort)
                .redirectErrorStream(true).redirectOutput(dir.resolve("testssl.txt").toFile()).start();
        if (!testssl.waitFor(SCAN_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            testssl.destroyForcibly();
            fail("testssl.sh did not finish within " + SCAN_LIMIT);
        }
        assertTrue(Files.size(report) > 0, "no JSON report: " + Files.readString(dir.resolve("testssl.txt")));
        return new ObjectMapper().readTree(report.toFile());
    }

    private static String finding(JsonNode findings, String id) {
        for (JsonNode finding : findings) {
            if (finding.path("id").asText().equals(id)) {
                return finding.path("finding").asText();
            }
        }
        return "(no finding " + id + ")";
    }

    private static Map<String, String> accepted(JsonNode findings) {
        Map<String, String> accepted = new TreeMap<>();
        for (JsonNode finding : findings) {
            if (TEST_CERTIFICATE_FINDINGS.contains(finding.path("id").asText())
                    && Set.of("HIGH", "CRITICAL", "MEDIUM").contains(finding.path("severity").asText())) {
                accepted.put(finding.path("id").asText(), finding.path("severity").asText());
            }
        }
        return accepted;
    }

    private static String summary(JsonNode findings, List<String> ids) {
        StringBuilder text = new StringBuilder();
        for (String id : ids) {
            text.append(id).append(": ").append(finding(findings, id)).append("; ");
        }
        return text.toString();
    }
}
