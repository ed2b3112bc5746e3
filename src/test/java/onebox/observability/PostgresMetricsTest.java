package onebox.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import onebox.admin.ExternalTool;
import onebox.testing.DebianPostgres;
import org.junit.jupiter.api.Test;

/** PostgresProbe's queries and HikariCP's metrics against a real PostgreSQL. */
class PostgresMetricsTest {

    /** hikaricp_* and onebox_db_* come from other code than the rest: lint them too. */
    private static void assertScrapePassesPromtool(Metrics metrics) throws Exception {
        Path promtool = ExternalTool.require("promtool", "prometheus");
        Path scrape = Path.of("target", "metrics-scrape-postgres.txt");
        try (Writer out = Files.newBufferedWriter(scrape)) {
            TextFormat.write004(out, metrics.registry().metricFamilySamples());
        }
        var result = ExternalTool.run(List.of("/bin/sh", "-c", "'" + promtool + "' check metrics < '" + scrape + "'"), 60);
        assertEquals(0, result.exitCode(), result.output());
        assertEquals("", result.output().strip());
    }

    @Test
    void realPoolAndDatabaseShowUpInTheRegistry() throws Exception {
        try (DebianPostgres postgres = DebianPostgres.started();
                Metrics metrics = new Metrics(new BuildInfo("1", "c", "t"), Duration.ofHours(1))) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(postgres.jdbcUrl());
            config.setPoolName("onebox");
            config.setMaximumPoolSize(4);
            try (HikariDataSource dataSource = new HikariDataSource(config)) {
                metrics.instrumentPool(dataSource);
                DatabaseProbe.Snapshot snapshot = new PostgresProbe(dataSource).probe();
                assertTrue(snapshot.sizeBytes() > 1_000_000, "size " + snapshot.sizeBytes());
                assertEquals(1L, snapshot.connectionsByState().get("active"), snapshot.toString());

                metrics.watchDatabase(new PostgresProbe(dataSource));
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (!metrics.databaseUp() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertTrue(metrics.databaseUp());
                String[] pool = {"pool"};
                String[] onebox = {"onebox"};
                assertEquals(4.0, metrics.registry().getSampleValue("hikaricp_max_connections", pool, onebox));
                assertTrue(metrics.registry().getSampleValue("hikaricp_connections", pool, onebox) >= 1);
                assertTrue(metrics.registry().getSampleValue("onebox_db_size_bytes") > 1_000_000);
                assertScrapePassesPromtool(metrics);
            }
        }
    }
}
