package onebox.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.stream.Stream;
import onebox.config.TestSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests whose framing two parsers could read differently, written byte for byte over TLS,
 * each followed by a second request that a confused parser would take as a new one. The
 * answer must be one 400 and a closed connection, so the smuggled request is never served.
 */
class RequestSmugglingTest {

    private static final String SMUGGLED = "GET /api/products HTTP/1.1\r\nHost: x\r\n\r\n";
    private static final String POST = "POST /api/products HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
    private static final Duration QUIET = Duration.ofSeconds(3);

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
    void obsFoldIsUnfoldedAsRfc9112Allows() throws Exception {
        // RFC 9112 5.2 lets a server replace obs-fold with spaces instead of refusing; Undertow does.
        var exchange = server.raw("GET /api/products HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\nConnection: close\r\n\r\n", QUIET);
        assertEquals(200, exchange.status(), exchange.response());
        assertEquals(1, exchange.responses());
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
    void tooManyHeadersAreRefused() throws Exception {
        StringBuilder headers = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            headers.append("X-H").append(i).append(": v\r\n");
        }
        var exchange = server.raw("GET /api/products HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n", QUIET);
        assertEquals(400, exchange.status(), exchange.response());
        assertTrue(exchange.closed());
    }

    @Test
    void wellFramedPipelinedRequestsAreBothServed() throws Exception {
        var exchange = server.raw(SMUGGLED + SMUGGLED.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n"), QUIET);
        assertEquals(200, exchange.status(), exchange.response());
        assertEquals(2, exchange.responses());
    }
}
