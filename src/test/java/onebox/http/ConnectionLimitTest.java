package onebox.http;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
import onebox.config.TestSettings;
import onebox.testing.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Beyond ONEBOX_MAX_CONNECTIONS new connections wait in the backlog until enough others close. */
@Timeout(60)
class ConnectionLimitTest {

    private static final int LIMIT = 5;

    @Test
    void connectionsBeyondTheLimitWaitUntilOthersClose() throws Exception {
        List<SSLSocket> open = new ArrayList<>();
        try (var server = new GuardedServer(TestSettings.of("ONEBOX_MAX_CONNECTIONS", String.valueOf(LIMIT)))) {
            for (int i = 0; i < LIMIT; i++) {
                SSLSocket socket = connect(server, 10_000);
                socket.startHandshake();
                open.add(socket);
            }
            SSLSocket waiting = connect(server, 1_500);
            open.add(waiting);
            assertThrows(SocketTimeoutException.class, waiting::startHandshake, "accepted beyond the limit");

            // Accepting resumes below the low-water mark, 90 % of the limit: here 4, so two must go.
            open.removeFirst().close();
            open.removeFirst().close();
            SSLSocket next = connect(server, 10_000);
            open.add(next);
            next.startHandshake(); // accepted again once below the limit
        } finally {
            for (SSLSocket socket : open) {
                socket.close();
            }
        }
    }

    private static SSLSocket connect(GuardedServer server, int timeoutMillis) throws Exception {
        var socket = (SSLSocket) TestCertificates.loopback().clientContext().getSocketFactory()
                .createSocket("127.0.0.1", server.server.httpsPort());
        socket.setSoTimeout(timeoutMillis);
        return socket;
    }
}
