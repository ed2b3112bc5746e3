package onebox.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsTest {

    private final Metrics metrics = new Metrics(new BuildInfo("1.2.3", "abc1234", "2026-01-01T00:00:00Z"),
            Duration.ofHours(1));

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void buildInfoCarriesVersionAndCommit() {
        assertEquals(1.0, value("onebox_build_info", "version", "1.2.3", "commit", "abc1234"));
    }

    @Test
    void scrapesReadTheCachedDatabaseSnapshotWithoutProbing() throws Exception {
        AtomicInteger probes = new AtomicInteger();
        metrics.watchDatabase(() -> {
            probes.incrementAndGet();
            return new DatabaseProbe.Snapshot(8_000_000, Map.of("active", 2L, "idle", 3L));
        });
        awaitTrue(metrics::databaseUp);
        for (int i = 0; i < 20; i++) {
            metrics.registry().metricFamilySamples();
        }
        assertEquals(1, probes.get());
        assertEquals(1.0, value("onebox_db_up"));
        assertEquals(8_000_000.0, value("onebox_db_size_bytes"));
        assertEquals(2.0, value("onebox_db_connections", "state", "active"));
        assertEquals(3.0, value("onebox_db_connections", "state", "idle"));
        assertEquals(0.0, value("onebox_db_connections", "state", "idle in transaction"));
    }

    @Test
    void failingProbeShowsTheDatabaseDown() {
        AtomicInteger probes = new AtomicInteger();
        DatabaseMetrics database = new DatabaseMetrics(() -> {
            if (probes.incrementAndGet() > 1) {
                throw new java.sql.SQLException("connection refused");
            }
            return new DatabaseProbe.Snapshot(100, Map.of("active", 1L));
        });
        database.refresh();
        assertTrue(database.up());
        database.refresh();
        assertEquals(false, database.up());
    }

    @Test
    void queryDurationIsRecordedByOperationEvenWhenTheQueryThrows() {
        assertEquals("row", metrics.queries().time("product_get", () -> "row"));
        assertThrows(IllegalStateException.class, () -> metrics.queries().time("product_put", () -> {
            throw new IllegalStateException("duplicate");
        }));
        assertEquals(1.0, value("onebox_db_query_duration_seconds_count", "operation", "product_get"));
        assertEquals(1.0, value("onebox_db_query_duration_seconds_count", "operation", "product_put"));
    }

    @Test
    void certificateExpiryAndRenewalsAreExported() {
        Instant notAfter = Instant.parse("2027-03-01T00:00:00Z");
        Instant next = Instant.parse("2027-01-30T00:00:00Z");
        metrics.tls().watch(() -> new TlsStatus(Map.of("example.org", notAfter), Optional.of(next)));
        metrics.tls().recordRenewal("success", "expiring");
        metrics.tls().recordRenewal("failure", "rate_limited");
        metrics.tls().recordRenewal("failure", "rate_limited");
        assertEquals((double) notAfter.getEpochSecond(),
                value("onebox_tls_certificate_not_after_seconds", "domain", "example.org"));
        assertEquals((double) next.getEpochSecond(), value("onebox_acme_next_renewal_seconds"));
        assertEquals(1.0, value("onebox_acme_renewals_total", "result", "success", "reason", "expiring"));
        assertEquals(2.0, value("onebox_acme_renewals_total", "result", "failure", "reason", "rate_limited"));
    }

    @Test
    void withoutACertificateSupplierNoExpiryIsExported() {
        assertNull(metrics.registry().getSampleValue("onebox_acme_next_renewal_seconds"));
    }

    @Test
    void jvmAndProcessMetricsAreInTheOwnRegistry() {
        assertTrue(value("jvm_threads_current") > 0);
        assertTrue(value("process_cpu_seconds_total") >= 0);
    }

    private double value(String name, String... labels) {
        String[] names = new String[labels.length / 2];
        String[] values = new String[labels.length / 2];
        for (int i = 0; i < names.length; i++) {
            names[i] = labels[2 * i];
            values[i] = labels[2 * i + 1];
        }
        Double value = metrics.registry().getSampleValue(name, names, values);
        if (value == null) {
            throw new AssertionError("no sample " + name + " " + String.join(",", labels));
        }
        return value;
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(10);
        }
    }
}
