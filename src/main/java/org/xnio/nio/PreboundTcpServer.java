package org.xnio.nio;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import org.xnio.ChannelListener;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

/**
 * Lets an XNIO worker serve a listening socket that onebox bound itself. XNIO binds its
 * own sockets and has no setting for SO_REUSEPORT, which the hand-over needs; the only
 * way in is the server classes its NIO worker uses, which are package-private. This class
 * builds exactly what {@code NioXnioWorker.createTcpConnectionServer} builds after its
 * bind, so a change of those classes breaks the build, not a running server.
 */
public final class PreboundTcpServer {

    private PreboundTcpServer() {}

    /**
     * Serves {@code bound} on {@code worker}'s accept and IO threads; accepts start with
     * {@link AcceptingChannel#resumeAccepts()}. Closing the result closes {@code bound}.
     */
    public static AcceptingChannel<StreamConnection> serve(XnioWorker worker, ServerSocketChannel bound,
            ChannelListener<? super AcceptingChannel<StreamConnection>> acceptListener, OptionMap options)
            throws IOException {
        if (!(worker instanceof NioXnioWorker nioWorker)) {
            throw new IllegalArgumentException("needs XNIO's NIO worker, got " + worker.getClass().getName());
        }
        bound.configureBlocking(false);
        var server = new QueuedNioTcpServer2(new NioTcpServer(nioWorker, bound, options, true));
        server.setAcceptListener(acceptListener);
        return server;
    }
}
