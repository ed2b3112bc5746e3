package onebox.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.xnio.conduits.StreamSourceConduit;

/**
 * The offsets {@link FoldWatch} keeps, with bytes handed to it as ALPN's first read is, and
 * head boundaries given as {@link ObsFold} gives them: by how many bytes are still unparsed.
 */
class FoldWatchTest {

    private static final String HEAD = "POST /api/products HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n";
    private static final String FOLD_LIKE_BODY = "{\r\n \"a\":1}";
    private static final String NEXT = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
    private static final String FOLDED_NEXT = "GET / HTTP/1.1\r\nX-A: a\r\n\tb\r\n\r\n";

    /** Nothing is read through it here: every byte comes in as ALPN's first read does. */
    private final FoldWatch watch = new FoldWatch((StreamSourceConduit) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {StreamSourceConduit.class}, (proxy, method, args) -> {
                throw new UnsupportedOperationException(method.getName());
            }));

    @Test
    void aFoldInTheHeadIsFound() {
        watch.readBefore(bytes("GET / HTTP/1.1\r\nX-A: a\r\n b\r\n\r\n"));
        assertTrue(watch.folded(0));
    }

    @Test
    void aFoldLikeBodyAfterTheHeadIsNotInIt() {
        watch.readBefore(bytes(HEAD + FOLD_LIKE_BODY + NEXT));
        assertFalse(watch.folded(FOLD_LIKE_BODY.length() + NEXT.length()));
        watch.headBegins(bytes(NEXT));
        assertFalse(watch.folded(0));
    }

    @Test
    void aFoldInAPipelinedHeadIsFoundOnceThatHeadBegins() {
        watch.readBefore(bytes(HEAD + FOLD_LIKE_BODY + FOLDED_NEXT));
        assertFalse(watch.folded(FOLD_LIKE_BODY.length() + FOLDED_NEXT.length()));
        watch.headBegins(bytes(FOLDED_NEXT));
        assertTrue(watch.folded(0));
    }

    @Test
    void aCrlfBeforeTheHeadBeginsDoesNotPairWithItsFirstByte() {
        watch.readBefore(bytes(HEAD + "abcdefg\r\n"));
        watch.headBegins(bytes(""));
        watch.readBefore(bytes(" GET / HTTP/1.1\r\n\r\n"));
        assertFalse(watch.folded(0));
    }

    @Test
    void aCrlfSplitAcrossReadsStillCounts() {
        watch.readBefore(bytes("GET / HTTP/1.1\r\nX-A: a\r"));
        watch.readBefore(bytes("\n b\r\n\r\n"));
        assertTrue(watch.folded(0));
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
