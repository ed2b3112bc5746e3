package onebox.observability;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.LongAdder;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Counts request body bytes as the application reads them, so bytes_in is right for chunked
 * and HTTP/2 bodies that carry no Content-Length.
 */
final class CountingSourceConduit extends AbstractStreamSourceConduit<StreamSourceConduit> {

    private final LongAdder bytes;

    CountingSourceConduit(StreamSourceConduit next, LongAdder bytes) {
        super(next);
        this.bytes = bytes;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return counted(next.read(dst));
    }

    @Override
    public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
        return counted(next.read(dsts, offs, len));
    }

    @Override
    public long transferTo(long position, long count, FileChannel target) throws IOException {
        return counted(next.transferTo(position, count, target));
    }

    @Override
    public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target) throws IOException {
        long before = throughBuffer.remaining();
        long transferred = next.transferTo(count, throughBuffer, target);
        // Bytes left in the through buffer were read from the request too.
        bytes.add(Math.max(0, transferred) + Math.max(0, throughBuffer.remaining() - before));
        return transferred;
    }

    private int counted(int n) {
        if (n > 0) {
            bytes.add(n);
        }
        return n;
    }

    private long counted(long n) {
        if (n > 0) {
            bytes.add(n);
        }
        return n;
    }
}
