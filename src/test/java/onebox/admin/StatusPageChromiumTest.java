package onebox.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.client.Gauge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import onebox.observability.BuildInfo;
import onebox.observability.FakePublicServer;
import onebox.observability.Metrics;
import onebox.observability.TlsStatus;
import onebox.testing.MutableClock;
import org.junit.jupiter.api.Test;

/** Loads the status page in headless Chromium against a live admin listener with an hour of data. */
class StatusPageChromiumTest {

    static final Path SCREENSHOT = Path.of("target", "status-page.png");
    static final Path DARK = Path.of("target", "status-page-dark.png");

    @Test
    void statusPageRendersEveryChartFromLiveData() throws Exception {
        Path chromium = ExternalTool.require("chromium", "chromium");
        Instant realNow = Instant.now();
        MutableClock clock = new MutableClock(realNow.minus(Duration.ofMinutes(59)));
        try (Metrics metrics = new Metrics(new BuildInfo("0.1.0", "abc1234", "now"), Duration.ofHours(1));
                FakePublicServer traffic = new FakePublicServer(metrics);
                AdminServer admin = AdminServer.start(new AdminServer.Config("127.0.0.1", 0, Set.of()),
                        metrics, List::of, List.of(), clock, Optional.empty())) {
            metrics.tls().watch(() -> new TlsStatus(
                    Map.of("localhost", realNow.plus(Duration.ofDays(61))), Optional.empty()));
            Gauge active = Gauge.build("hikaricp_active_connections", "fake pool").labelNames("pool")
                    .register(metrics.registry());
            Gauge max = Gauge.build("hikaricp_max_connections", "fake pool").labelNames("pool")
                    .register(metrics.registry());
            max.labels("onebox").set(10);
            fillAnHour(admin, traffic, clock, active);

            String url = "http://127.0.0.1:" + admin.port() + "/";
            String dom = ExternalTool.run(chromium(chromium, "--dump-dom", url), 90).output();
            ExternalTool.run(chromium(chromium, "--screenshot=" + SCREENSHOT.toAbsolutePath(), url), 90);
            List<String> dark = new ArrayList<>(chromium(chromium, "--screenshot=" + DARK.toAbsolutePath(), url));
            dark.add(1, "--blink-settings=preferredColorScheme=0");
            ExternalTool.run(dark, 90);

            assertTrue(dom.contains("data-rendered=\"true\""), "page never rendered:\n" + dom);
            for (String series : List.of("requests", "5xx", "p50", "p99", "active", "max", "days left")) {
                assertTrue(dom.contains("data-series=\"" + series + "\""), "no line for " + series);
            }
            assertEquals(7, pointsPerLine(dom).size());
            assertTrue(pointsPerLine(dom).stream().allMatch(n -> n >= 30), pointsPerLine(dom).toString());
            assertTrue(Files.size(SCREENSHOT) > 10_000, "screenshot " + SCREENSHOT + " looks empty");
            assertTrue(Files.size(DARK) > 10_000, "screenshot " + DARK + " looks empty");
            System.out.println("status page screenshots: " + SCREENSHOT.toAbsolutePath() + ", " + DARK.toAbsolutePath());
        }
    }

    /** 60 samples a minute apart, with traffic and a few errors in between. */
    private static void fillAnHour(AdminServer admin, FakePublicServer traffic, MutableClock clock, Gauge pool)
            throws Exception {
        for (int minute = 0; minute < 60; minute++) {
            int requests = 3 + (minute % 12);
            for (int i = 0; i < requests; i++) {
                traffic.get("/api/products/p" + i);
            }
            if (minute % 7 == 0) {
                traffic.get("/boom");
            }
            pool.labels("onebox").set(1 + minute % 5);
            clock.advance(Duration.ofMinutes(1));
            admin.sampler().sampleNow();
        }
    }

    private static List<Integer> pointsPerLine(String dom) {
        List<Integer> points = new ArrayList<>();
        Matcher m = Pattern.compile("data-points=\"(\\d+)\"").matcher(dom);
        while (m.find()) {
            points.add(Integer.parseInt(m.group(1)));
        }
        return points;
    }

    private static List<String> chromium(Path binary, String action, String url) throws Exception {
        Path profile = Files.createTempDirectory("onebox-chromium");
        return List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1280,900", "--virtual-time-budget=5000",
                "--hide-scrollbars", action, url);
    }
}
