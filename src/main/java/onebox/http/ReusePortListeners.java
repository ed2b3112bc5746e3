package onebox.http;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.AlpnOpenListener;
import io.undertow.server.protocol.http.HttpOpenListener;
import io.undertow.server.protocol.http2.Http2OpenListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;
import org.xnio.nio.PreboundTcpServer;
import org.xnio.nio.TurnTakingWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listening sockets that onebox binds itself with SO_REUSEPORT, so that a second onebox can
 * bind the same ports while this one still serves (the hand-over), served by an XNIO worker
 * through Undertow's open listeners: the same chain {@code Undertow.start()} builds, minus
 * its bind. Connections are counted so that a hand-over can wait until they are all gone.
 */
final class ReusePortListeners implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReusePortListeners.class);
    private static final int BACKLOG = 1000;
    private static final int BUFFER_SIZE = 16 * 1024;
    private static final int PURGE_EVERY = 256;
    private static final long POLL_MILLIS = 20;
    private static final Path MIGRATE_REQ = Path.of("/proc/sys/net/ipv4/tcp_migrate_req");

    private final Xnio xnio = Xnio.getInstance(Undertow.class.getClassLoader());
    private final XnioWorker worker;
    private final DefaultByteBufferPool buffers = new DefaultByteBufferPool(true, BUFFER_SIZE, -1, 4);
    private final HandshakeThreads handshakes = HandshakeThreads.onePerCore();
    private final OptionMap serverOptions;
    /** Per listening socket: read/write timeouts and connection watermarks (see ListenerOptions). */
    private final OptionMap socketOptions;
    private final Duration stopTimeout;
    private final List<AcceptingChannel<StreamConnection>> servers = new CopyOnWriteArrayList<>();
    private final Set<StreamConnection> connections = ConcurrentHashMap.newKeySet();
    private final List<Http2OpenListener> http2Listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();

    private ReusePortListeners(XnioWorker worker, OptionMap serverOptions, OptionMap socketOptions,
            Duration stopTimeout) {
        this.worker = worker;
        this.socketOptions = socketOptions;
        this.serverOptions = OptionMap.builder().set(UndertowOptions.BUFFER_PIPELINED_DATA, true)
                .addAll(serverOptions).getMap();
        this.stopTimeout = stopTimeout;
    }

    /**
     * A worker sized as Undertow sizes its own (IO threads per core, eight task threads per IO
     * thread) whose IO threads take turns between queued tasks and ready sockets.
     */
    static ReusePortListeners start(OptionMap serverOptions, OptionMap socketOptions, Duration stopTimeout)
            throws IOException {
        int ioThreads = Math.max(Runtime.getRuntime().availableProcessors(), 2);
        XnioWorker worker = TurnTakingWorker.create(Xnio.getInstance(Undertow.class.getClassLoader()), OptionMap.builder()
                .set(Options.WORKER_NAME, "onebox-public")
                .set(Options.WORKER_IO_THREADS, ioThreads)
                .set(Options.CONNECTION_HIGH_WATER, 1_000_000)
                .set(Options.CONNECTION_LOW_WATER, 1_000_000)
                .set(Options.WORKER_TASK_CORE_THREADS, ioThreads * 8)
                .set(Options.WORKER_TASK_MAX_THREADS, ioThreads * 8)
                .set(Options.TCP_NODELAY, true)
                .set(Options.CORK, true)
                .getMap());
        return new ReusePortListeners(worker, serverOptions, socketOptions, stopTimeout);
    }

    /** Plain HTTP/1.1 on {@code host:port}; returns the bound address (port 0 picks one). */
    InetSocketAddress http(String host, int port, HttpHandler root) throws IOException {
        var open = ObsFold.watching(new HttpOpenListener(buffers, serverOptions), root);
        return listen(host, port, open::handleEvent);
    }

    /** HTTPS with HTTP/2 and HTTP/1.1 over ALPN; {@code tlsOptions} carry protocols and cipher suites. */
    InetSocketAddress https(String host, int port, SSLContext tls, OptionMap tlsOptions, HttpHandler root)
            throws IOException {
        var http1 = ObsFold.watching(new HttpOpenListener(buffers, serverOptions), root);
        var http2 = new Http2OpenListener(buffers, serverOptions, "h2");
        http2.setRootHandler(root);
        http2Listeners.add(http2);
        var alpn = new AlpnOpenListener(buffers, serverOptions, http1)
                .addProtocol(Http2OpenListener.HTTP2, http2, 10);
        var ssl = new UndertowXnioSsl(xnio, OptionMap.create(Options.USE_DIRECT_BUFFERS, true), tls, handshakes);
        OptionMap engineOptions = OptionMap.builder().addAll(tlsOptions)
                .set(UndertowOptions.SSL_USER_CIPHER_SUITES_ORDER, true).getMap();
        return listen(host, port, connection -> alpn.handleEvent(ssl.wrapExistingConnection(connection, engineOptions, false)));
    }

    /** The HTTP/2 side of each HTTPS listener, which keeps that listener's open HTTP/2 connections. */
    List<Http2OpenListener> http2Listeners() {
        return Collections.unmodifiableList(http2Listeners);
    }

    private InetSocketAddress listen(String host, int port, Consumer<StreamConnection> open) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            // Every onebox binds this way, so the next one can bind the same port while this one serves.
            channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            channel.bind(new InetSocketAddress(host, port), BACKLOG);
            ChannelListener<AcceptingChannel<StreamConnection>> onAccept = server -> acceptAll(server, open);
            AcceptingChannel<StreamConnection> server = PreboundTcpServer.serve(worker, channel, onAccept,
                    OptionMap.builder().addAll(socketOptions).set(Options.TCP_NODELAY, true).set(Options.BALANCING_TOKENS, 1)
                            .set(Options.BALANCING_CONNECTIONS, 2).getMap());
            servers.add(server);
            server.resumeAccepts();
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException | RuntimeException e) {
            IoUtils.safeClose(channel);
            throw e;
        }
    }

    private void acceptAll(AcceptingChannel<StreamConnection> server, Consumer<StreamConnection> open) {
        try {
            for (StreamConnection connection = server.accept(); connection != null; connection = server.accept()) {
                connections.add(connection);
                if (accepted.incrementAndGet() % PURGE_EVERY == 0) {
                    connections.removeIf(known -> !known.isOpen());
                }
                open.accept(connection);
            }
        } catch (IOException e) {
            log.debug("accept failed: {}", e.toString());
        }
    }

    /**
     * Closes the listening sockets; open connections stay. With SO_REUSEPORT and
     * net.ipv4.tcp_migrate_req=1 the kernel moves connections still queued on them to
     * another socket of the group (the next onebox's) instead of resetting them.
     */
    void stopAccepting() {
        servers.forEach(IoUtils::safeClose);
    }

    /** Whether closing a listening socket moves its queued connections to another of its group (Linux 5.14+). */
    static boolean kernelMigratesQueuedConnections() {
        try {
            return Files.readString(MIGRATE_REQ).strip().equals("1");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Waits until every accepted connection is closed; false if some are still open at the deadline. */
    boolean awaitConnectionsClosed(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            connections.removeIf(connection -> !connection.isOpen());
            if (connections.isEmpty()) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
    }

    /** The worker whose IO and task threads serve the listeners. */
    XnioWorker worker() {
        return worker;
    }

    int openConnections() {
        connections.removeIf(connection -> !connection.isOpen());
        return connections.size();
    }

    /** Stops accepting, closes every connection (the worker's shutdown does), then frees the handshake threads and buffers. */
    @Override
    public void close() {
        stopAccepting();
        worker.shutdown();
        try {
            if (!worker.awaitTermination(stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("public listener threads still busy {} after stop; interrupting them", stopTimeout);
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            worker.shutdownNow();
        } finally {
            handshakes.close();
            buffers.close();
        }
    }
}
