package onebox.http;

import static onebox.http.RawHttp2Connection.ACK;
import static onebox.http.RawHttp2Connection.DATA;
import static onebox.http.RawHttp2Connection.END_STREAM_AND_HEADERS;
import static onebox.http.RawHttp2Connection.HEADERS;
import static onebox.http.RawHttp2Connection.PING;
import static onebox.http.RawHttp2Connection.RST_STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import onebox.config.TestSettings;
import onebox.http.RawHttp2Connection.Frame;
import onebox.testing.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * HTTP/2 limits, spoken frame by frame: the server announces ONEBOX_H2_MAX_STREAMS, and a
 * client that opens and at once cancels streams by the hundred (CVE-2023-44487, "rapid
 * reset") is disconnected, while one that cancels a hundred keeps its connection.
 */
@Timeout(60)
class Http2RapidResetTest {

    private static final int SETTINGS_MAX_CONCURRENT_STREAMS = 0x3;
    private static final int CANCEL = 0x8;
    private static final int RESETS = 1000;
    /**
     * A route answered on the IO thread, so that the stream has finished when its reset is read:
     * Undertow counts a reset of a finished stream, but not of one whose response is still
     * pending (the list, coalesced, finished before its reset in some runs and not in others).
     */
    private static final byte[] ANSWERED_AT_ONCE = RawHttp2Connection.get("/api/no-such-route");

    @Test
    void serverAnnouncesItsStreamLimit() throws Exception {
        try (var server = new GuardedServer(TestSettings.of("ONEBOX_H2_MAX_STREAMS", "64"));
                var connection = new RawHttp2Connection(server.server.httpsPort())) {
            assertEquals(64, setting(connection.serverSettings.payload(), SETTINGS_MAX_CONCURRENT_STREAMS));
        }
    }

    @Test
    void fewResetsAreFine() throws Exception {
        try (var server = new GuardedServer(TestSettings.of());
                var connection = new RawHttp2Connection(server.server.httpsPort())) {
            openAndReset(connection, 100);
            assertTrue(ping(connection).acknowledged(), "closed after 100 resets");
        }
    }

    @Test
    void rapidResetterIsDisconnected() throws Exception {
        try (var server = new GuardedServer(TestSettings.of());
                var connection = new RawHttp2Connection(server.server.httpsPort())) {
            if (!openAndReset(connection, RESETS)) {
                System.out.printf("rapid reset: cut while still writing %d HEADERS+RST_STREAM pairs%n", RESETS);
                return;
            }
            PingOutcome outcome = ping(connection);
            System.out.printf("rapid reset: %d HEADERS+RST_STREAM pairs; %d response frames before the close%n",
                    RESETS, outcome.responseFrames());
            assertTrue(!outcome.acknowledged(), "connection still open after " + RESETS + " rapid resets");
        }
    }

    /**
     * Resets of streams whose response is pending are not counted by Undertow, and loopback is
     * not rate limited, so this needs a remote client: one in a network namespace, in a JVM of
     * its own, resetting reads that all wait (the test holds the repository's lock). The rate
     * limit lets its burst through and answers the rest 429 at once, finished streams whose
     * resets Undertow does count, and the connection is closed. With a rate limit too high to
     * bite, every stream stays pending and the connection stays open.
     */
    @Test
    void remoteRapidResetterOfPendingStreamsIsDisconnectedOnceRateLimited() throws Exception {
        VethPair.assumeAvailable();
        try (var veth = VethPair.create();
                var server = new GuardedServer(TestSettings.of("ONEBOX_BIND", veth.hostAddress))) {
            String outcome;
            synchronized (server.repository) { // InMemoryProductRepository's methods lock it: every read waits
                outcome = veth.inside(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"), RemoteResetter.class.getName(),
                        TestCertificates.loopback().caFile().toString(), veth.hostAddress,
                        Integer.toString(server.server.httpsPort()), Integer.toString(RESETS)).strip();
            }
            System.out.println("remote rapid reset of pending reads: " + outcome);
            assertTrue(outcome.startsWith("closed"), outcome);
            assertTrue(server.registry.getSampleValue("onebox_rate_limited_total") > 0, "no request was rate limited");
        }
    }

    /** The remote client: resets {@code pairs} point reads, then says whether the server kept the connection. */
    static final class RemoteResetter {
        public static void main(String[] args) throws Exception {
            try (var connection = new RawHttp2Connection(TestCertificates.clientTrusting(Path.of(args[0])), args[1],
                    Integer.parseInt(args[2]))) {
                if (!openAndReset(connection, Integer.parseInt(args[3]), RawHttp2Connection.get("/api/products/p1"))) {
                    System.out.println("closed while still writing");
                    return;
                }
                PingOutcome outcome = ping(connection);
                System.out.println((outcome.acknowledged() ? "open" : "closed") + " after " + outcome.responseFrames()
                        + " response frames");
            }
        }
    }

    /** Opens {@code count} streams and cancels each at once; false when the server cut us off meanwhile. */
    private static boolean openAndReset(RawHttp2Connection connection, int count) {
        return openAndReset(connection, count, ANSWERED_AT_ONCE);
    }

    private static boolean openAndReset(RawHttp2Connection connection, int count, byte[] request) {
        try {
            for (int i = 0; i < count; i++) {
                int stream = 2 * i + 1;
                connection.write(HEADERS, END_STREAM_AND_HEADERS, stream, request);
                connection.write(RST_STREAM, 0, stream, ByteBuffer.allocate(4).putInt(CANCEL).array());
            }
            connection.flush();
            return true;
        } catch (IOException closed) {
            return false;
        }
    }

    /** Whether a PING was acknowledged or the server closed first, and the response frames read before. */
    private record PingOutcome(boolean acknowledged, int responseFrames) {}

    private static PingOutcome ping(RawHttp2Connection connection) throws IOException {
        int answered = 0;
        try {
            connection.write(PING, 0, 0, new byte[8]);
            connection.flush();
            for (Frame frame = connection.read(); ; frame = connection.read()) {
                if (frame.type() == PING && (frame.flags() & ACK) != 0) {
                    return new PingOutcome(true, answered);
                }
                if (frame.type() == HEADERS || frame.type() == DATA) {
                    answered++;
                }
            }
        } catch (EOFException | SocketException closed) {
            return new PingOutcome(false, answered);
        } catch (SocketTimeoutException silent) {
            throw new AssertionError("no PING ACK and no close within 10 s");
        }
    }

    private static int setting(byte[] payload, int id) {
        var settings = ByteBuffer.wrap(payload);
        while (settings.remaining() >= 6) {
            int key = settings.getShort() & 0xffff;
            int value = settings.getInt();
            if (key == id) {
                return value;
            }
        }
        return -1;
    }
}
