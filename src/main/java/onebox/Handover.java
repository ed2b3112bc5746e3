package onebox;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import onebox.admin.ReadinessCheck;
import onebox.config.Secret;
import onebox.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The new side of a hand-over. A onebox that finds another one answering on its admin port
 * (same settings, so the same port) gets ready without that port, binds the public ports
 * alongside the running one (SO_REUSEPORT), then asks it over {@code POST /admin/handover}
 * to stop listening, drain and exit; once that one has let the admin port go, this one binds it.
 */
final class Handover {

    private static final Logger log = LoggerFactory.getLogger(Handover.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final long POLL_MILLIS = 50;

    private final InetSocketAddress admin;
    private final Optional<Secret> token;

    private Handover(InetSocketAddress admin, Optional<Secret> token) {
        this.admin = admin;
        this.token = token;
    }

    /** A running onebox on this admin address, if one answers. */
    static Optional<Handover> findPredecessor(Settings settings) {
        if (settings.adminPort() == 0) {
            return Optional.empty();
        }
        var admin = new InetSocketAddress(reachable(settings.adminBind()), settings.adminPort());
        try (var socket = new Socket()) {
            socket.connect(admin, (int) CONNECT_TIMEOUT.toMillis());
        } catch (ConnectException refused) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("cannot tell whether onebox already runs on ONEBOX_ADMIN_BIND/ONEBOX_ADMIN_PORT "
                    + admin + ": " + e.getMessage(), e);
        }
        log.info("another onebox answers on the admin port {}: taking over from it once ready", admin);
        return Optional.of(new Handover(admin, settings.adminTokens().stream().findFirst()));
    }

    /** A wildcard bind address is reached through loopback. */
    private static InetAddress reachable(String bind) {
        try {
            InetAddress address = InetAddress.getByName(bind);
            return address.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : address;
        } catch (IOException e) {
            throw new IllegalStateException("ONEBOX_ADMIN_BIND " + bind + " does not resolve: " + e.getMessage(), e);
        }
    }

    /** Blocks until every check passes; the running onebox serves meanwhile. */
    static void awaitReady(List<ReadinessCheck> checks, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> problems = checks.stream()
                    .flatMap(check -> check.problem().map(problem -> check.name() + ": " + problem).stream())
                    .toList();
            if (problems.isEmpty()) {
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException("not ready to take over after " + timeout + ": " + problems);
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS * 4);
        }
    }

    /** Asks the running onebox to hand over; it answers 202, then lets its ports go. */
    void request() throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://" + hostPort() + "/admin/handover"))
                .timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.noBody());
        token.ifPresent(secret -> request.header("Authorization", "Bearer " + secret.value()));
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build()) {
            HttpResponse<String> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 202) {
                throw new IllegalStateException("the onebox on the admin port " + admin + " refused to hand over: "
                        + answer.statusCode() + " " + answer.body().strip());
            }
            log.info("the running onebox hands over: {}", answer.body().strip());
        }
    }

    /** Starts the admin listener as soon as the previous onebox has let the port go. */
    <T> T whenAdminPortFree(Supplier<T> startAdmin, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return startAdmin.get();
            } catch (IllegalStateException stillTaken) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new IllegalStateException("the previous onebox kept the admin port " + admin + " for "
                            + timeout + ": " + stillTaken.getMessage(), stillTaken);
                }
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            }
        }
    }

    private String hostPort() {
        String host = admin.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + admin.getPort();
    }
}
