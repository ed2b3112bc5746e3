package onebox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import onebox.testing.DebianPostgres;
import onebox.testing.Ports;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * onebox is killed with SIGKILL in the middle of a stream of writes; every write that was
 * acknowledged with a 2xx must then be in the database. The database is TEST_PG_DSN
 * when set, else a throwaway cluster of Debian's PostgreSQL.
 */
@Timeout(180)
class KillDurabilityTest {

    private static final int WRITERS = 4;
    private static final int ACKNOWLEDGED_BEFORE_KILL = 150;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
        Optional<String> external = Optional.ofNullable(System.getenv("TEST_PG_DSN"));
        if (external.isEmpty() && !DebianPostgres.installed()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("set TEST_PG_DSN or install Debian's postgresql-15");
            }
            Assumptions.abort("no TEST_PG_DSN and no Debian PostgreSQL 15");
        }
        try (DebianPostgres cluster = external.isPresent() ? null : DebianPostgres.create(Ports.free())) {
            if (cluster != null) {
                cluster.start();
            }
            String dsn = external.orElseGet(() -> cluster.dsn()); // a method reference would dereference a null cluster
            String prefix = "kill-" + System.nanoTime() + "-";
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            var lastCounter = new AtomicInteger();
            try (var onebox = new ChildOnebox(dir, Map.of("PG_DSN", dsn)).awaitReady(Duration.ofSeconds(90));
                    ExecutorService writers = Executors.newFixedThreadPool(WRITERS + 1)) {
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    writers.submit(() -> create(onebox, prefix + writer + "-", acknowledged));
                }
                Future<?> counter = writers.submit(() -> count(onebox, prefix + "counter", lastCounter));
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (acknowledged.size() < ACKNOWLEDGED_BEFORE_KILL && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                onebox.kill();
                writers.shutdown();
                assertTrue(writers.awaitTermination(30, TimeUnit.SECONDS), "writers did not notice the kill");
                counter.get();
            }
            Map<String, Integer> stored = read(dsn, prefix);
            int acked = acknowledged.size();
            acknowledged.removeAll(stored.keySet());
            System.out.printf("SIGKILL: %d creates acknowledged, all of them among %d rows found; counter acknowledged"
                    + " %d, stored %d%n", acked, stored.size() - 1, lastCounter.get(), stored.get(prefix + "counter"));
            assertTrue(acked >= ACKNOWLEDGED_BEFORE_KILL, "only " + acked + " writes before the kill");
            assertEquals(Set.of(), acknowledged, "acknowledged but lost");
            assertTrue(stored.getOrDefault(prefix + "counter", -1) >= lastCounter.get(),
                    "counter at " + stored.get(prefix + "counter") + " though " + lastCounter.get() + " was acknowledged");
        }
    }

    /** Creates products one after another until the server is gone. */
    private static Void create(ChildOnebox onebox, String prefix, Set<String> acknowledged) {
        for (int i = 0; i < 100_000; i++) {
            String name = prefix + i;
            try {
                if (send(onebox, "POST", "/api/products", name, 1) == 201) {
                    acknowledged.add(name);
                }
            } catch (Exception gone) {
                return null;
            }
        }
        return null;
    }

    /** Replaces one product with quantities 1, 2, 3, ...; remembers the last one acknowledged. */
    private static Void count(ChildOnebox onebox, String name, AtomicInteger lastAcknowledged) {
        for (int quantity = 1; quantity < 100_000; quantity++) {
            try {
                int status = send(onebox, "PUT", "/api/products/" + name, name, quantity);
                if (status == 200 || status == 201) {
                    lastAcknowledged.set(quantity);
                }
            } catch (Exception gone) {
                return null;
            }
        }
        return null;
    }

    private static int send(ChildOnebox onebox, String method, String path, String name, int quantity) throws Exception {
        var request = HttpRequest.newBuilder(onebox.uri(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"" + name + "\",\"quantity\":" + quantity + "}"))
                .build();
        return onebox.client().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static Map<String, Integer> read(String dsn, String prefix) throws Exception {
        var url = java.net.URI.create(dsn.replaceFirst("^postgres(ql)?://", "http://"));
        String jdbc = "jdbc:postgresql://" + url.getHost() + ":" + url.getPort() + url.getPath();
        String user = url.getUserInfo().split(":", 2)[0];
        String password = url.getUserInfo().contains(":") ? url.getUserInfo().split(":", 2)[1] : "";
        Map<String, Integer> stored = new HashMap<>();
        try (var connection = DriverManager.getConnection(jdbc, user, password);
                var query = connection.prepareStatement("SELECT name, quantity FROM products WHERE name LIKE ?")) {
            query.setString(1, prefix + "%");
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    stored.put(rows.getString(1), rows.getInt(2));
                }
            }
        }
        return stored;
    }
}
