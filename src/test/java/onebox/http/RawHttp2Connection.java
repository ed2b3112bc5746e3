package onebox.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import onebox.testing.TestCertificates;

/**
 * An HTTP/2 client that speaks frame by frame, for what Java's HttpClient hides: the frames a
 * server sends unasked (SETTINGS, GOAWAY) and streams a client cancels at once. Ready after
 * the preface and the SETTINGS exchange; reads time out after 10 s.
 */
final class RawHttp2Connection implements AutoCloseable {

    static final int DATA = 0, HEADERS = 1, RST_STREAM = 3, SETTINGS = 4, PING = 6, GOAWAY = 7;
    static final int END_STREAM = 0x1, ACK = 0x1, END_STREAM_AND_HEADERS = 0x5;

    record Frame(int type, int flags, int stream, byte[] payload) {}

    final Frame serverSettings;
    private final SSLSocket socket;
    private final BufferedOutputStream out;
    private final DataInputStream in;

    /** To a server on loopback with the test certificates. */
    RawHttp2Connection(int httpsPort) throws Exception {
        this(TestCertificates.loopback().clientContext(), "127.0.0.1", httpsPort);
    }

    RawHttp2Connection(SSLContext tls, String host, int httpsPort) throws Exception {
        socket = (SSLSocket) tls.getSocketFactory().createSocket(host, httpsPort);
        var parameters = socket.getSSLParameters();
        parameters.setApplicationProtocols(new String[] {"h2"});
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        assertEquals("h2", socket.getApplicationProtocol());
        out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        in = new DataInputStream(socket.getInputStream());
        out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        write(SETTINGS, 0, 0, new byte[0]);
        out.flush();
        serverSettings = next(frame -> frame.type() == SETTINGS && (frame.flags() & ACK) == 0);
        write(SETTINGS, ACK, 0, new byte[0]);
        out.flush();
    }

    /** Buffers one frame; {@link #flush()} sends what is buffered. */
    void write(int type, int flags, int stream, byte[] payload) throws IOException {
        var header = ByteBuffer.allocate(9);
        header.put((byte) (payload.length >> 16)).put((byte) (payload.length >> 8)).put((byte) payload.length);
        header.put((byte) type).put((byte) flags).putInt(stream);
        out.write(header.array());
        out.write(payload);
    }

    void flush() throws IOException {
        out.flush();
    }

    /** The next frame; EOFException once the server has closed the connection. */
    Frame read() throws IOException {
        byte[] header = new byte[9];
        in.readFully(header);
        int length = ((header[0] & 0xff) << 16) | ((header[1] & 0xff) << 8) | (header[2] & 0xff);
        byte[] payload = new byte[length];
        in.readFully(payload);
        return new Frame(header[3], header[4], ByteBuffer.wrap(header, 5, 4).getInt() & 0x7fffffff, payload);
    }

    /** Reads past other frames to the first that matches; EOFException when the server closes first. */
    Frame next(Predicate<Frame> wanted) throws IOException {
        for (Frame frame = read(); ; frame = read()) {
            if (wanted.test(frame)) {
                return frame;
            }
        }
    }

    /** The header block of GET {@code path}: HPACK static-table entries, a literal :path and :authority. */
    static byte[] get(String path) {
        byte[] pathBytes = path.getBytes(StandardCharsets.US_ASCII);
        byte[] authority = "localhost".getBytes(StandardCharsets.US_ASCII);
        var block = ByteBuffer.allocate(6 + pathBytes.length + authority.length);
        block.put((byte) 0x82).put((byte) 0x87); // :method GET, :scheme https
        block.put((byte) 0x44).put((byte) pathBytes.length).put(pathBytes); // :path, literal
        block.put((byte) 0x41).put((byte) authority.length).put(authority); // :authority, literal
        return block.array();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
