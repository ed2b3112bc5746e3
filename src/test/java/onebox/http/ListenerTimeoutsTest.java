package onebox.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLSocket;
import onebox.config.TestSettings;
import onebox.testing.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Clients that stall mid-body, or hold an idle connection, are cut off by the listener's timeouts. */
@Timeout(60)
class ListenerTimeoutsTest {

    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(3);
    /** Undertow checks its timeouts on a timer, not to the millisecond. */
    private static final Duration SLACK = Duration.ofSeconds(4);

    static GuardedServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new GuardedServer(TestSettings.of("ONEBOX_BODY_TIMEOUT", String.valueOf(BODY_TIMEOUT.toSeconds()),
                "ONEBOX_IDLE_TIMEOUT", String.valueOf(IDLE_TIMEOUT.toSeconds())));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aStalledBodyIsCutOffAfterTheBodyTimeout() throws Exception {
        String head = "POST /api/products HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100\r\n\r\n{\"name\":";
        Result result = sendAndWait(head);
        System.out.println("stalled body: " + result);
        assertTrue(result.closedAfter().compareTo(BODY_TIMEOUT.plus(SLACK)) < 0, result.toString());
        assertTrue(!result.response().startsWith("HTTP/1.1 5"), "a stalled client is not a server error: " + result);
        assertTrue(server.repository.find("x").isEmpty());
    }

    @Test
    void anIdleKeepAliveConnectionIsClosed() throws Exception {
        Result result = sendAndWait("GET /api/products HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(result.response().startsWith("HTTP/1.1 200"), result.toString());
        assertTrue(result.closedAfter().compareTo(IDLE_TIMEOUT.plus(SLACK)) < 0, result.toString());
    }

    @Test
    void aConnectionThatNeverSendsARequestIsClosed() throws Exception {
        Result result = sendAndWait("");
        assertTrue(result.closedAfter().compareTo(IDLE_TIMEOUT.plus(SLACK)) < 0, result.toString());
    }

    record Result(String response, Duration closedAfter) {}

    /** Sends {@code request}, then reads until the server closes the connection. */
    private static Result sendAndWait(String request) throws Exception {
        try (var socket = (SSLSocket) TestCertificates.loopback().clientContext().getSocketFactory()
                .createSocket("127.0.0.1", server.server.httpsPort())) {
            socket.setSoTimeout((int) Duration.ofSeconds(20).toMillis());
            socket.startHandshake();
            long start = System.nanoTime();
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            var response = new ByteArrayOutputStream();
            try {
                in.transferTo(response);
            } catch (SocketTimeoutException stillOpen) {
                throw new AssertionError("still open after 20 s: " + response.toString(StandardCharsets.ISO_8859_1));
            } catch (IOException reset) {
                // closed by a reset: as good as a close
            }
            return new Result(response.toString(StandardCharsets.ISO_8859_1), Duration.ofNanos(System.nanoTime() - start));
        }
    }
}
