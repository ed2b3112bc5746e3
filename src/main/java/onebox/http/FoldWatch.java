package onebox.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.ConduitReadableByteChannel;
import org.xnio.conduits.Conduits;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Sits under Undertow's HTTP/1.x parser and sees every byte of the connection once, in
 * order: counts them, and remembers the offset of the first space or tab that follows a
 * CRLF since the current request head began. It does not know where heads and bodies are;
 * {@link ObsFold} tells it, from Undertow's own state. Used by one connection at a time:
 * Undertow hands a connection between its IO thread and a worker with a happens-before edge.
 */
final class FoldWatch extends AbstractStreamSourceConduit<StreamSourceConduit> {

    static final long NONE = Long.MAX_VALUE;
    private static final int CRLF = ('\r' << 8) | '\n';

    /** Bytes handed up so far, so the stream offset of the next one. */
    private long delivered;
    /** Stream offset of the first SP or HTAB right after a CRLF since the head began. */
    private long firstFold = NONE;
    /** The last two bytes seen since the head began, for a CRLF split across two reads. */
    private int lastTwo;

    FoldWatch(StreamSourceConduit next) {
        super(next);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int start = dst.position();
        int read = next.read(dst);
        if (read > 0) {
            deliver(dst, start, read);
        }
        return read;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
        int[] starts = new int[len];
        for (int i = 0; i < len; i++) {
            starts[i] = dsts[offs + i].position();
        }
        long read = next.read(dsts, offs, len);
        for (int i = 0; read > 0 && i < len; i++) {
            deliver(dsts[offs + i], starts[i], dsts[offs + i].position() - starts[i]);
        }
        return read;
    }

    // Both transfers go through read(ByteBuffer), so that no byte passes unseen.
    @Override
    public long transferTo(long position, long count, FileChannel target) throws IOException {
        return target.transferFrom(new ConduitReadableByteChannel(this), position, count);
    }

    @Override
    public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target) throws IOException {
        return Conduits.transfer(this, count, throughBuffer, target);
    }

    /** Bytes read from the connection before this conduit was put on it (ALPN reads some). */
    void readBefore(ByteBuffer data) {
        deliver(data, data.position(), data.remaining());
    }

    /** A new request head begins with {@code unparsed}: the bytes delivered that Undertow has not parsed yet. */
    void headBegins(ByteBuffer unparsed) {
        firstFold = NONE;
        lastTwo = 0;
        scan(unparsed, unparsed.position(), unparsed.remaining(), delivered - unparsed.remaining());
    }

    /** Whether the current head, which ends {@code unparsed} bytes before the last one delivered, has a fold. */
    boolean folded(int unparsed) {
        return firstFold < delivered - unparsed;
    }

    private void deliver(ByteBuffer data, int from, int length) {
        scan(data, from, length, delivered);
        delivered += length;
    }

    private void scan(ByteBuffer data, int from, int length, long offset) {
        for (int i = 0; i < length && firstFold == NONE; i++) {
            int octet = data.get(from + i) & 0xff;
            if (lastTwo == CRLF && (octet == ' ' || octet == '\t')) {
                firstFold = offset + i;
            }
            lastTwo = (lastTwo << 8 | octet) & 0xffff;
        }
    }
}
