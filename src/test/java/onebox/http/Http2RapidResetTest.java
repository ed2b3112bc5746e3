package onebox.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocket;
import onebox.config.TestSettings;
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

    private static final int DATA = 0, HEADERS = 1, RST_STREAM = 3, SETTINGS = 4, PING = 6;
    private static final int END_STREAM_AND_HEADERS = 0x5, ACK = 0x1;
    private static final int SETTINGS_MAX_CONCURRENT_STREAMS = 0x3;
    private static final int CANCEL = 0x8;
    private static final int RESETS = 1000;

    record Frame(int type, int flags, int stream, byte[] payload) {}

    @Test
    void serverAnnouncesItsStreamLimit() throws Exception {
        try (var server = new GuardedServer(TestSettings.of("ONEBOX_H2_MAX_STREAMS", "64"));
                var connection = new Connection(server)) {
            assertEquals(64, setting(connection.serverSettings.payload(), SETTINGS_MAX_CONCURRENT_STREAMS));
        }
    }

    @Test
    void fewResetsAreFine() throws Exception {
        try (var server = new GuardedServer(TestSettings.of()); var connection = new Connection(server)) {
            connection.openAndReset(100);
            assertTrue(connection.answersPing(), "closed after 100 resets");
        }
    }

    @Test
    void rapidResetterIsDisconnected() throws Exception {
        try (var server = new GuardedServer(TestSettings.of()); var connection = new Connection(server)) {
            boolean cutWhileWriting = !connection.openAndReset(RESETS);
            boolean alive = !cutWhileWriting && connection.answersPing();
            System.out.printf("rapid reset: %d HEADERS+RST_STREAM pairs; %d response frames before the close%s%n",
                    RESETS, connection.answered, cutWhileWriting ? ", cut while still writing" : "");
            assertTrue(!alive, "connection still open after " + RESETS + " rapid resets");
        }
    }

    /** An HTTP/2 connection after the preface and the SETTINGS exchange. */
    private static final class Connection implements AutoCloseable {
        final SSLSocket socket;
        final BufferedOutputStream out;
        final DataInputStream in;
        final Frame serverSettings;
        int answered;

        Connection(GuardedServer server) throws Exception {
            socket = (SSLSocket) TestCertificates.loopback().clientContext().getSocketFactory()
                    .createSocket("127.0.0.1", server.server.httpsPort());
            var parameters = socket.getSSLParameters();
            parameters.setApplicationProtocols(new String[] {"h2"});
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            assertEquals("h2", socket.getApplicationProtocol());
            out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            in = new DataInputStream(socket.getInputStream());
            out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            write(out, SETTINGS, 0, 0, new byte[0]);
            out.flush();
            Frame frame = read(in);
            while (frame.type() != SETTINGS || (frame.flags() & ACK) != 0) {
                frame = read(in);
            }
            serverSettings = frame;
            write(out, SETTINGS, ACK, 0, new byte[0]);
        }

        /** Opens {@code count} streams and cancels each at once; false when the server cut us off meanwhile. */
        boolean openAndReset(int count) {
            try {
                for (int i = 0; i < count; i++) {
                    int stream = 2 * i + 1;
                    write(out, HEADERS, END_STREAM_AND_HEADERS, stream, requestHeaders());
                    write(out, RST_STREAM, 0, stream, ByteBuffer.allocate(4).putInt(CANCEL).array());
                }
                out.flush();
                return true;
            } catch (IOException closed) {
                return false;
            }
        }

        /** Sends a PING and reads until its ACK (true) or the end of the connection (false). */
        boolean answersPing() throws IOException {
            try {
                write(out, PING, 0, 0, new byte[8]);
                out.flush();
                for (Frame frame = read(in); ; frame = read(in)) {
                    if (frame.type() == PING && (frame.flags() & ACK) != 0) {
                        return true;
                    }
                    if (frame.type() == HEADERS || frame.type() == DATA) {
                        answered++;
                    }
                }
            } catch (EOFException | SocketException closed) {
                return false;
            } catch (SocketTimeoutException silent) {
                throw new AssertionError("no PING ACK and no close within 10 s");
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /**
     * GET /api/no-such-route: HPACK static-table entries, a literal :path and :authority. A route
     * answered on the IO thread, so that the stream has finished when its reset is read: Undertow
     * counts a reset of a finished stream, but not of one whose response is still pending (the
     * list, coalesced, finished before its reset in some runs and not in others).
     */
    private static byte[] requestHeaders() {
        byte[] path = "/api/no-such-route".getBytes(StandardCharsets.US_ASCII);
        byte[] authority = "localhost".getBytes(StandardCharsets.US_ASCII);
        var block = ByteBuffer.allocate(6 + path.length + authority.length);
        block.put((byte) 0x82).put((byte) 0x87); // :method GET, :scheme https
        block.put((byte) 0x44).put((byte) path.length).put(path); // :path, literal
        block.put((byte) 0x41).put((byte) authority.length).put(authority); // :authority, literal
        return block.array();
    }

    private static void write(OutputStream out, int type, int flags, int stream, byte[] payload) throws IOException {
        var header = ByteBuffer.allocate(9);
        header.put((byte) (payload.length >> 16)).put((byte) (payload.length >> 8)).put((byte) payload.length);
        header.put((byte) type).put((byte) flags).putInt(stream);
        out.write(header.array());
        out.write(payload);
    }

    private static Frame read(DataInputStream in) throws IOException {
        byte[] header = new byte[9];
        in.readFully(header);
        int length = ((header[0] & 0xff) << 16) | ((header[1] & 0xff) << 8) | (header[2] & 0xff);
        byte[] payload = new byte[length];
        in.readFully(payload);
        return new Frame(header[3], header[4], ByteBuffer.wrap(header, 5, 4).getInt() & 0x7fffffff, payload);
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
