package onebox.tls;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Netty's BoringSSL engine, made to answer Undertow as the JDK's engine does, and to leave a
 * full handshake's costly step to the thread that runs its delegated task.
 */
final class BoringSslEngine extends ForwardingSslEngine {

    /** The suite a session reports before its handshake has chosen one. */
    private static final String NO_SUITE_YET = "SSL_NULL_WITH_NULL_NULL";

    /** The server's handshake messages, wrapped ahead by the delegated task, and what the wrap returned. */
    private record Flight(ByteBuffer bytes, Status status, HandshakeStatus after, SSLException failure) {}

    private volatile Flight flight;

    BoringSslEngine(SSLEngine delegate) {
        super(delegate);
    }

    /**
     * A full handshake gives one task, BoringSSL's call for the certificate; the key exchange
     * and the signature then run in the next wrap, which would be on the IO thread, ahead of the
     * requests of open connections. The task makes that wrap itself, on the handshake threads
     * ({@code HandshakeThreads}, which narrow to one during a burst), and the IO thread's wrap
     * hands out its bytes.
     */
    @Override
    public Runnable getDelegatedTask() {
        Runnable task = delegate.getDelegatedTask();
        return task == null ? null : () -> {
            task.run();
            if (delegate.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                flight = wrapAhead();
            }
        };
    }

    /** Whether the delegated task has wrapped the server's next messages for the IO thread to hand out. */
    boolean wrappedAhead() {
        return flight != null;
    }

    private Flight wrapAhead() {
        ByteBuffer bytes = ByteBuffer.allocate(delegate.getSession().getPacketBufferSize());
        try {
            SSLEngineResult result = wrapWithAlert(new ByteBuffer[] {ByteBuffer.allocate(0)}, 0, 1, bytes);
            return new Flight(bytes.flip(), result.getStatus(), result.getHandshakeStatus(), null);
        } catch (SSLException e) {
            return new Flight(bytes.flip(), Status.CLOSED, HandshakeStatus.NOT_HANDSHAKING, e);
        }
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer[] sources, int offset, int length, ByteBuffer target) throws SSLException {
        Flight ahead = flight;
        if (ahead == null) {
            return wrapWithAlert(sources, offset, length, target);
        }
        if (ahead.failure() != null) {
            flight = null;
            throw ahead.failure();
        }
        ByteBuffer bytes = ahead.bytes();
        int n = Math.min(bytes.remaining(), target.remaining());
        if (n == 0) {
            return new SSLEngineResult(Status.BUFFER_OVERFLOW, HandshakeStatus.NEED_WRAP, 0, 0);
        }
        target.put(bytes.slice(bytes.position(), n));
        bytes.position(bytes.position() + n);
        if (bytes.hasRemaining()) {
            return new SSLEngineResult(Status.OK, HandshakeStatus.NEED_WRAP, 0, n);
        }
        flight = null;
        return new SSLEngineResult(ahead.status(), ahead.after(), 0, n);
    }

    /** Nothing to read before the flight wrapped ahead is out: the peer is waiting for it. */
    @Override
    public SSLEngineResult unwrap(ByteBuffer source, ByteBuffer[] targets, int offset, int length) throws SSLException {
        if (flight != null) {
            return new SSLEngineResult(Status.OK, HandshakeStatus.NEED_WRAP, 0, 0);
        }
        return delegate.unwrap(source, targets, offset, length);
    }

    /**
     * A failed handshake leaves its alert to be wrapped, and Netty's engine throws on the wrap
     * after that one; Undertow closes the connection on that throw before it sends what the
     * first wrap produced, so the client would see the connection drop instead of the alert.
     * Taking both wraps at once returns the alert as the JDK's engine does: with CLOSED.
     */
    private SSLEngineResult wrapWithAlert(ByteBuffer[] sources, int offset, int length, ByteBuffer target)
            throws SSLException {
        SSLEngineResult result = delegate.wrap(sources, offset, length, target);
        if (result.getStatus() != Status.OK || result.bytesProduced() == 0
                || result.getHandshakeStatus() != HandshakeStatus.NEED_WRAP || !target.hasRemaining()) {
            return result;
        }
        try {
            SSLEngineResult next = delegate.wrap(sources, offset, length, target);
            if (next.getStatus() == Status.BUFFER_OVERFLOW) {
                return result;
            }
            return new SSLEngineResult(next.getStatus(), next.getHandshakeStatus(),
                    result.bytesConsumed() + next.bytesConsumed(), result.bytesProduced() + next.bytesProduced());
        } catch (SSLHandshakeException failed) {
            return new SSLEngineResult(Status.CLOSED, HandshakeStatus.NOT_HANDSHAKING,
                    result.bytesConsumed(), result.bytesProduced());
        }
    }

    /** Until the flight wrapped ahead is handed out, there is something to wrap, even after a failure closed the engine. */
    @Override
    public HandshakeStatus getHandshakeStatus() {
        return flight != null ? HandshakeStatus.NEED_WRAP : delegate.getHandshakeStatus();
    }

    @Override
    public boolean isOutboundDone() {
        return flight == null && delegate.isOutboundDone();
    }

    /**
     * "" once the handshake has settled on no protocol, as SSLEngine's contract has it. Netty's
     * engine keeps saying null (not known yet), and Undertow would then wait for a client that
     * offered no ALPN to send something before it gave the connection its idle timeout.
     */
    @Override
    public String getApplicationProtocol() {
        String protocol = delegate.getApplicationProtocol();
        return protocol == null && handshakeDone() ? "" : protocol;
    }

    private boolean handshakeDone() {
        return getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING
                && !NO_SUITE_YET.equals(delegate.getSession().getCipherSuite());
    }

    /** Undertow asks every engine to allow session creation; Netty's throws when asked, BoringSSL's sessions being its own. */
    @Override
    public void setEnableSessionCreation(boolean flag) {}
}
