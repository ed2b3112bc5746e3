package onebox.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import onebox.config.ListenerLimits;
import onebox.testing.Ports;
import onebox.testing.TestCertificates;
import org.junit.jupiter.api.Test;

class PublicServerTest {

    @Test
    void httpsNegotiatesHttp2AndTls13ByAlpn() throws Exception {
        try (var server = new TestServer(); var socket = handshake(server.server.httpsPort(), "TLSv1.3", "TLSv1.2")) {
            assertEquals("h2", socket.getApplicationProtocol());
            assertEquals("TLSv1.3", socket.getSession().getProtocol());
            assertEquals(HttpClient.Version.HTTP_2, server.get("/products").version());
            assertEquals(HttpClient.Version.HTTP_1_1,
                    server.send(server.http1, server.request("/products").build()).version());
        }
    }

    @Test
    void tls12ClientsAreServed() throws Exception {
        try (var server = new TestServer(); var socket = handshake(server.server.httpsPort(), "TLSv1.2")) {
            assertEquals("TLSv1.2", socket.getSession().getProtocol());
        }
    }

    @Test
    void protocolsOutsideTheConfiguredOnesAreRefused() throws Exception {
        var tls12Only = new PublicServer.Config("127.0.0.1", 0, 0, List.of("TLSv1.2"), List.of(), Duration.ofSeconds(1),
                ListenerLimits.DEFAULTS);
        try (var server = new TestServer(Optional.empty(), Map.of(), tls12Only)) {
            assertThrows(SSLHandshakeException.class, () -> handshake(server.server.httpsPort(), "TLSv1.3").close());
        }
        assertThrows(IllegalArgumentException.class, () -> new PublicServer.Config("127.0.0.1", 0, 0,
                List.of("TLSv1.1"), List.of(), Duration.ofSeconds(1), ListenerLimits.DEFAULTS));
    }

    private static SSLSocket handshake(int port, String... protocols) throws Exception {
        var socket = (SSLSocket) TestCertificates.loopback().clientContext().getSocketFactory().createSocket("127.0.0.1", port);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setProtocols(protocols);
        parameters.setApplicationProtocols(new String[] {"h2", "http/1.1"});
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(10_000);
        try {
            socket.startHandshake();
        } catch (IOException refused) {
            socket.close();
            throw refused;
        }
        return socket;
    }

    @Test
    void plainHttpRedirectsToTheSamePathAndQueryOnHttps() throws Exception {
        try (var server = withHttp(Map.of())) {
            int httpPort = server.server.httpPort();
            var response = plain(httpPort, "/api/products/a%2Fb?limit=2&after=x");
            assertEquals(308, response.statusCode());
            assertEquals("https://127.0.0.1:" + server.server.httpsPort() + "/api/products/a%2Fb?limit=2&after=x",
                    response.headers().firstValue("Location").orElseThrow());
            String noHost = rawPlain(httpPort, "GET / HTTP/1.0\r\n\r\n");
            assertTrue(noHost.startsWith("HTTP/1.0 400 "), noHost);
            String badHost = rawPlain(httpPort, "GET / HTTP/1.1\r\nHost: evil.example/@x\r\nConnection: close\r\n\r\n");
            assertTrue(badHost.startsWith("HTTP/1.1 400 "), badHost);
        }
    }

    @Test
    void plainHttpRefusesObsFoldAndClosesTheConnection() throws Exception {
        try (var server = withHttp(Map.of())) {
            // rawPlain reads until the server closes the connection.
            String response = rawPlain(server.server.httpPort(), "GET /a HTTP/1.1\r\nHost: localhost\r\nX-A: a\r\n b\r\n\r\n"
                    + "GET /b HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertTrue(response.startsWith("HTTP/1.1 400 "), response);
            assertTrue(response.contains(ObsFold.DETAIL), response);
            assertEquals(1, response.split("HTTP/1\\.1 ", -1).length - 1, response);
        }
    }

    @Test
    void redirectToPort443LeavesThePortOut() throws Exception {
        HttpHandler handler = PlainHttp.handler(token -> Optional.empty(), () -> 443);
        Undertow undertow = Undertow.builder().addHttpListener(0, "127.0.0.1", handler).build();
        undertow.start();
        try {
            int port = ((InetSocketAddress) undertow.getListenerInfo().getFirst().getAddress()).getPort();
            String response = rawPlain(port, "GET /x?y=1 HTTP/1.1\r\nHost: shop.example:80\r\nConnection: close\r\n\r\n");
            assertTrue(response.startsWith("HTTP/1.1 308 "), response);
            assertTrue(response.contains("\r\nLocation: https://shop.example/x?y=1\r\n"), response);
        } finally {
            undertow.stop();
        }
    }

    @Test
    void acmeChallengesAreAnsweredOverPlainHttp() throws Exception {
        try (var server = withHttp(Map.of("tok_-9", "tok_-9.thumbprint"))) {
            var answer = plain(server.server.httpPort(), PlainHttp.CHALLENGE_PREFIX + "tok_-9");
            assertEquals(200, answer.statusCode());
            assertEquals("tok_-9.thumbprint", answer.body());
            assertEquals("application/octet-stream", answer.headers().firstValue("Content-Type").orElseThrow());
            var unknown = plain(server.server.httpPort(), PlainHttp.CHALLENGE_PREFIX + "other");
            assertEquals(404, unknown.statusCode());
            assertEquals(TestServer.problem(404, "Not Found", "no pending ACME challenge for this token",
                    PlainHttp.CHALLENGE_PREFIX + "other"), unknown.body());
            assertEquals(404, plain(server.server.httpPort(), PlainHttp.CHALLENGE_PREFIX + "a.b").statusCode());
        }
    }

    private static TestServer withHttp(Map<String, String> tokens) throws Exception {
        int httpPort = Ports.free();
        var config = new PublicServer.Config("127.0.0.1", 0, httpPort, PublicServer.Config.DEFAULT_PROTOCOLS,
                List.of(), Duration.ofSeconds(1), ListenerLimits.DEFAULTS);
        return new TestServer(Optional.empty(), tokens, config);
    }

    private static HttpResponse<String> plain(int port, String pathAndQuery) throws Exception {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).timeout(TestServer.TIMEOUT)
                        .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String rawPlain(int port, String request) throws IOException {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            var response = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(response);
            return response.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void closeFinishesInFlightRequestsAndTurnsAwayNewOnes() throws Exception {
        try (var slow = new SlowServer(Duration.ofSeconds(10))) {
            PublicServer server = slow.server;
            var inFlight = slow.sendSlow(TestServer.client(HttpClient.Version.HTTP_1_1));
            var closing = CompletableFuture.runAsync(server::close);
            awaitUnavailable(server);
            slow.release();
            var response = inFlight.get(10, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode());
            assertEquals("done", response.body());
            closing.get(10, TimeUnit.SECONDS);
            server.close(); // a second close is a no-op
        }
    }

    @Test
    void handOverLetsAnHttp2StreamInFlightFinish() throws Exception {
        try (var slow = new SlowServer(Duration.ofSeconds(10))) {
            HttpClient client = TestServer.client(HttpClient.Version.HTTP_2);
            var inFlight = slow.sendSlow(client);
            CompletableFuture<Void> handingOver = CompletableFuture.runAsync(slow.server::handOver);
            awaitGoAway(client, slow.server);
            // Past the round trip after which the final GOAWAY may go, with the slow stream still in flight.
            Thread.sleep(ConnectionRetirement.FINAL_GOAWAY_DELAY.plusMillis(500).toMillis());
            slow.release();
            var response = inFlight.get(10, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode());
            assertEquals("done", response.body());
            handingOver.get(5, TimeUnit.SECONDS); // the connection closed once its last stream was done
        }
    }

    @Test
    void handOverSendsGoAwayOnAnIdleHttp2Connection() throws Exception {
        try (var slow = new SlowServer(Duration.ofSeconds(10));
                var connection = new RawHttp2Connection(slow.server.httpsPort())) {
            connection.write(RawHttp2Connection.HEADERS, RawHttp2Connection.END_STREAM_AND_HEADERS, 1,
                    RawHttp2Connection.get("/fast"));
            connection.flush();
            connection.next(frame -> frame.stream() == 1 && (frame.flags() & RawHttp2Connection.END_STREAM) != 0);
            long started = System.nanoTime();
            CompletableFuture<Void> handingOver = CompletableFuture.runAsync(slow.server::handOver);
            assertEquals(Integer.MAX_VALUE, lastStreamId(connection.next(PublicServerTest::isGoAway)),
                    "first GOAWAY: no new streams, those sent are still served");
            assertEquals(1, lastStreamId(connection.next(PublicServerTest::isGoAway)), "final GOAWAY");
            handingOver.get(5, TimeUnit.SECONDS); // closed after its GOAWAY, not held until the 10 s drain ends
            System.out.printf("idle HTTP/2 connection handed over in %d ms%n",
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
        }
    }

    private static boolean isGoAway(RawHttp2Connection.Frame frame) {
        return frame.type() == RawHttp2Connection.GOAWAY;
    }

    private static int lastStreamId(RawHttp2Connection.Frame goAway) {
        return ByteBuffer.wrap(goAway.payload()).getInt() & 0x7fffffff;
    }

    /**
     * Sends quick requests on the client's connection until one fails: the first answered after
     * the hand-over began brought the GOAWAY, and the next needed a new connection, which the
     * server no longer accepts.
     */
    private static void awaitGoAway(HttpClient client, PublicServer server) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                assertEquals("fast", client.send(request(server, "/fast"), HttpResponse.BodyHandlers.ofString()).body());
            } catch (IOException goneAway) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no GOAWAY within 10 s of the hand-over");
    }

    @Test
    void drainIsBoundedWhenARequestNeverFinishes() throws Exception {
        try (var slow = new SlowServer(Duration.ofMillis(300))) {
            slow.sendSlow(TestServer.client(HttpClient.Version.HTTP_2));
            long started = System.nanoTime();
            slow.server.close();
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(5)) < 0);
        }
    }

    /** A listener whose /slow request waits on a worker until released; every other path answers "fast". */
    private static final class SlowServer implements AutoCloseable {
        final PublicServer server;
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        SlowServer(Duration drain) throws Exception {
            HttpHandler slow = Blocking.of(exchange -> {
                if (!exchange.getRelativePath().equals("/slow")) {
                    exchange.getResponseSender().send("fast");
                    return;
                }
                entered.countDown();
                boolean inTime = released.await(10, TimeUnit.SECONDS);
                exchange.getResponseSender().send(inTime ? "done" : "timed out");
            });
            var config = new PublicServer.Config("127.0.0.1", 0, 0, PublicServer.Config.DEFAULT_PROTOCOLS, List.of(),
                    drain, ListenerLimits.DEFAULTS);
            server = PublicServer.start(config, TestCertificates.loopback().serverContext(), slow, handler -> handler,
                    token -> Optional.empty());
        }

        /** Sends /slow and returns once the server is handling it. */
        CompletableFuture<HttpResponse<String>> sendSlow(HttpClient client) throws InterruptedException {
            var inFlight = client.sendAsync(request(server, "/slow"), HttpResponse.BodyHandlers.ofString());
            assertTrue(entered.await(10, TimeUnit.SECONDS), "the slow request never arrived");
            return inFlight;
        }

        void release() {
            released.countDown();
        }

        @Override
        public void close() {
            release();
            server.close();
        }
    }

    private static HttpRequest request(PublicServer server, String path) {
        return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.httpsPort() + path))
                .timeout(TestServer.TIMEOUT).build();
    }

    /** Polls, with a deadline, until a new request is turned away while the old one drains. */
    private static void awaitUnavailable(PublicServer server) throws Exception {
        var client = TestServer.client(HttpClient.Version.HTTP_2);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            var response = client.send(request(server, "/fast"), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 503) {
                assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
                return;
            }
        }
        throw new AssertionError("new requests are still served while draining");
    }

    @Test
    void portInUseFailsWithTheSettingsNamed() throws Exception {
        try (var taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            var config = new PublicServer.Config("127.0.0.1", taken.getLocalPort(), 0,
                    PublicServer.Config.DEFAULT_PROTOCOLS, List.of(), Duration.ofSeconds(1), ListenerLimits.DEFAULTS);
            var failure = assertThrows(IllegalStateException.class, () -> PublicServer.start(config,
                    TestCertificates.loopback().serverContext(), exchange -> { }, handler -> handler, token -> Optional.empty()));
            assertTrue(failure.getMessage().startsWith("cannot listen on ONEBOX_BIND 127.0.0.1 with ONEBOX_HTTPS_PORT "
                    + taken.getLocalPort()), failure.getMessage());
        }
    }

    @Test
    void routesAreNamedByTemplateForTheObservabilityWrapper() throws Exception {
        var seen = new java.util.concurrent.ConcurrentLinkedQueue<String>();
        io.undertow.server.HandlerWrapper recordRoute = next -> exchange -> {
            exchange.addExchangeCompleteListener((done, nextListener) -> {
                seen.add(onebox.observability.Routes.of(done));
                nextListener.proceed();
            });
            next.handleRequest(exchange);
        };
        var repository = new InMemoryProductRepository();
        try (var files = StaticFiles.bundled(); var server = PublicServer.start(TestServer.config(),
                TestCertificates.loopback().serverContext(), PublicRoutes.handler(repository, files), recordRoute,
                token -> Optional.empty())) {
            var client = TestServer.client(HttpClient.Version.HTTP_2);
            List<String> paths = List.of("/api/products/a%2Fb", "/api/products", "/product?name=x", "/index.html", "/api/x");
            for (String path : paths) {
                client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.httpsPort() + path)).build(),
                        HttpResponse.BodyHandlers.discarding());
                // The client can have the response before the server's completion listener has run
                // (the IO thread ends the exchange on a later turn): wait for it, so the order is the requests'.
                int expected = paths.indexOf(path) + 1;
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (seen.size() < expected && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
            }
            assertEquals(List.of("/api/products/{name}", "/api/products", "/product", "static", "unmatched"),
                    List.copyOf(seen));
        }
    }
}
