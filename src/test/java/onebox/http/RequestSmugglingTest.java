package onebox.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;
import onebox.config.TestSettings;
import onebox.testing.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests whose framing two parsers could read differently, written byte for byte over TLS,
 * each followed by a second request that a confused parser would take as a new one. The
 * answer must be one 400 and a closed connection, so the smuggled request is never served.
 * Obs-fold included: Undertow would unfold it, {@link ObsFold} refuses it.
 */
class RequestSmugglingTest {

    private static final String SMUGGLED = "GET /api/products HTTP/1.1\r\nHost: x\r\n\r\n";
    private static final String POST = "POST /api/products HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
    private static final String BODY = "{\"name\":\"smuggler\",\"quantity\":1}";
    private static final Duration QUIET = Duration.ofSeconds(3);
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 (\\d{3}) ");
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)\r\ncontent-length: *(\\d+)\r\n");

    static GuardedServer server;

    record Attack(String name, String bytes) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Attack> attacks() {
        return Stream.of(
                new Attack("Content-Length and Transfer-Encoding",
                        POST + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + SMUGGLED),
                new Attack("two different Content-Lengths",
                        POST + "Content-Length: 2\r\nContent-Length: 40\r\n\r\n{}" + SMUGGLED),
                new Attack("a Content-Length list", POST + "Content-Length: 2, 2\r\n\r\n{}" + SMUGGLED),
                new Attack("a signed Content-Length", POST + "Content-Length: +2\r\n\r\n{}" + SMUGGLED),
                new Attack("gzip before chunked", POST + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n" + SMUGGLED),
                new Attack("an unknown transfer coding", POST + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n" + SMUGGLED),
                new Attack("two Transfer-Encoding fields",
                        POST + "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\n" + SMUGGLED),
                new Attack("whitespace before the colon",
                        POST + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n" + SMUGGLED),
                new Attack("bare LF line endings", "GET /api/products HTTP/1.1\nHost: x\n\n" + SMUGGLED),
                new Attack("obs-fold with a space", post("X-A: a\r\n b\r\n", BODY) + SMUGGLED),
                new Attack("obs-fold with a tab", post("X-A: a\r\n\tb\r\n", BODY) + SMUGGLED),
                new Attack("obs-fold hiding Transfer-Encoding",
                        post("X-A: a\r\n Transfer-Encoding: chunked\r\n", BODY) + SMUGGLED),
                new Attack("obs-fold in the last header line", post("X-A: a\r\n  \r\n", BODY) + SMUGGLED),
                new Attack("headers beyond the parser's bound",
                        "GET /api/products HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(70_000) + "\r\n\r\n" + SMUGGLED));
    }

    @BeforeAll
    static void start() throws Exception {
        server = new GuardedServer(TestSettings.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @MethodSource("attacks")
    void ambiguousFramingIsRefusedAndTheConnectionClosed(Attack attack) throws Exception {
        var exchange = server.raw(attack.bytes(), QUIET);
        assertEquals(400, exchange.status(), exchange.response());
        assertEquals(1, exchange.responses(), "the smuggled request was answered: " + exchange.response());
        assertTrue(exchange.closed(), "connection left open after " + attack);
        assertEquals(0, server.repository.list(java.util.Optional.empty(), 10).size(), "nothing may be stored");
    }

    @Test
    void obsFoldIsAnsweredWithAProblem() throws Exception {
        var exchange = server.raw("GET /api/products HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n" + SMUGGLED, QUIET);
        assertEquals(400, exchange.status(), exchange.response());
        assertTrue(exchange.response().contains("application/problem+json"), exchange.response());
        assertTrue(exchange.response().contains(ObsFold.DETAIL), exchange.response());
        assertTrue(exchange.closed());
    }

    @Test
    void spacesAndTabsWithinAHeaderLineAreNoFold() throws Exception {
        String spaced = "GET /api/products HTTP/1.1\r\nHost: x\r\nX-A:  a b\t c \t\r\nX-B:\t\tv\r\n\r\n";
        var exchange = server.raw(spaced + spaced.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n"), QUIET);
        assertEquals(List.of(200, 200), statuses(exchange.response()), exchange.response());
    }

    /** A body with CRLF and a space or tab, pipelined with the next request: only a head can fold. */
    @ParameterizedTest
    @MethodSource("foldLikeBodies")
    void foldLikeBytesInABodyAreNoFold(Attack post) throws Exception {
        try {
            var exchange = server.raw(post.bytes() + "GET /api/products/fold-like HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: close\r\n\r\n", QUIET);
            assertEquals(List.of(201, 200), statuses(exchange.response()), exchange.response());
            assertTrue(exchange.closed());
        } finally {
            server.repository.delete("fold-like", OptionalLong.empty());
        }
    }

    @ParameterizedTest
    @MethodSource("foldLikeBodies")
    void aFoldAfterABodyIsRefused(Attack post) throws Exception {
        try {
            var exchange = server.raw(post.bytes() + "GET /api/products HTTP/1.1\r\nHost: x\r\nX-A: a\r\n\tb\r\n\r\n"
                    + SMUGGLED, QUIET);
            assertEquals(List.of(201, 400), statuses(exchange.response()), exchange.response());
            assertTrue(exchange.closed());
        } finally {
            server.repository.delete("fold-like", OptionalLong.empty());
        }
    }

    /** Not pipelined: each request is sent once the previous answer has arrived. */
    @Test
    void keepAliveRequestsInTurnAreCheckedEachOnItsOwn() throws Exception {
        try (var socket = (SSLSocket) TestCertificates.loopback().clientContext().getSocketFactory()
                .createSocket("127.0.0.1", server.server.httpsPort())) {
            socket.setSoTimeout((int) QUIET.toMillis());
            assertEquals(201, inTurn(socket, foldLikeBodies().getFirst().bytes()));
            assertEquals(200, inTurn(socket, SMUGGLED));
            assertEquals(400, inTurn(socket, "GET /api/products HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n"));
            assertEquals(-1, socket.getInputStream().read(), "connection left open after obs-fold");
        } finally {
            server.repository.delete("fold-like", OptionalLong.empty());
        }
    }

    static List<Attack> foldLikeBodies() {
        String json = "{\r\n \"name\": \"fold-like\",\r\n\t\"quantity\": 1\r\n }";
        int split = json.indexOf("\r\n\t") + 2;
        return List.of(new Attack("Content-Length", post("", json)),
                new Attack("chunked", POST + "Transfer-Encoding: chunked\r\n\r\n" + chunk(json.substring(0, split))
                        + chunk(json.substring(split)) + "0\r\n\r\n"));
    }

    private static String post(String headers, String body) {
        return POST + "Content-Length: " + body.length() + "\r\n" + headers + "\r\n" + body;
    }

    private static String chunk(String data) {
        return Integer.toHexString(data.length()) + "\r\n" + data + "\r\n";
    }

    private static List<Integer> statuses(String responses) {
        return STATUS_LINE.matcher(responses).results().map(line -> Integer.parseInt(line.group(1))).toList();
    }

    /** Writes {@code request}, reads its answer (always with Content-Length here) and returns its status. */
    private static int inTurn(SSLSocket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        var in = socket.getInputStream();
        var head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int octet = in.read();
            if (octet == -1) {
                throw new EOFException("connection closed after " + head);
            }
            head.append((char) octet);
        }
        Matcher length = CONTENT_LENGTH.matcher(head);
        assertTrue(length.find(), head.toString());
        in.readNBytes(Integer.parseInt(length.group(1)));
        return statuses(head.toString()).getFirst();
    }

    @Test
    void headersOverTheLimitGet431AndAClosedConnection() throws Exception {
        var exchange = server.raw("GET /api/products HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n"
                + SMUGGLED, QUIET);
        assertEquals(431, exchange.status(), exchange.response());
        assertTrue(exchange.response().contains("ONEBOX_MAX_HEADER_BYTES"), exchange.response());
        assertEquals(1, exchange.responses());
        assertTrue(exchange.closed());
    }

    @Test
    void tooManyHeadersGet431AndAClosedConnection() throws Exception {
        var exchange = server.raw("GET /api/products HTTP/1.1\r\nHost: x\r\n" + headers(150) + "\r\n" + SMUGGLED, QUIET);
        assertEquals(431, exchange.status(), exchange.response());
        assertTrue(exchange.response().contains("more than 100 header fields (ONEBOX_MAX_HEADERS)"), exchange.response());
        assertEquals(1, exchange.responses());
        assertTrue(exchange.closed());
    }

    @Test
    void headersBeyondTheParsersCountGetItsBare400() throws Exception {
        var exchange = server.raw("GET /api/products HTTP/1.1\r\nHost: x\r\n" + headers(450) + "\r\n" + SMUGGLED, QUIET);
        assertEquals(400, exchange.status(), exchange.response());
        assertEquals(1, exchange.responses());
        assertTrue(exchange.closed());
    }

    @Test
    void tooManyParametersGetAProblem() throws Exception {
        var exchange = server.raw("GET /api/products?" + "a=1&".repeat(150) + "b=2 HTTP/1.1\r\nHost: x\r\n\r\n", QUIET);
        assertEquals(400, exchange.status(), exchange.response());
        assertTrue(exchange.response().contains("more than 100 parameters (ONEBOX_MAX_PARAMETERS)"), exchange.response());
        assertTrue(exchange.closed());
    }

    private static String headers(int count) {
        StringBuilder headers = new StringBuilder();
        for (int i = 0; i < count; i++) {
            headers.append("X-H").append(i).append(": v\r\n");
        }
        return headers.toString();
    }

    @Test
    void wellFramedPipelinedRequestsAreBothServed() throws Exception {
        var exchange = server.raw(SMUGGLED + SMUGGLED.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n"), QUIET);
        assertEquals(200, exchange.status(), exchange.response());
        assertEquals(2, exchange.responses());
    }
}
