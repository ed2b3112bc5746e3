package onebox.tls.acme;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpServerExchange;
import java.net.InetSocketAddress;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import onebox.tls.SwappableKeyManager;

/**
 * A stand-in for onebox's public listeners in these tests: Undertow HTTPS (HTTP/2 over
 * ALPN, wired to the {@link ChallengeResponder} the way the real listener must be) and
 * optionally plain HTTP answering /.well-known/acme-challenge/.
 */
final class ChallengeListeners implements AutoCloseable {

    private final Undertow server;

    private ChallengeListeners(Undertow server) {
        this.server = server;
    }

    static ChallengeListeners start(ChallengeResponder responder, SwappableKeyManager served, int httpsPort, int httpPort)
            throws Exception {
        SSLContext base = SSLContext.getInstance("TLS");
        base.init(new KeyManager[] {responder.keyManager(served)}, null, null);
        SSLContext context = responder.serverContext(base);
        Undertow.Builder builder = Undertow.builder()
                .setIoThreads(1)
                .setWorkerThreads(2)
                .setServerOption(UndertowOptions.ENABLE_HTTP2, true)
                .addHttpsListener(httpsPort, "127.0.0.1", context)
                .setHandler(exchange -> handle(exchange, responder));
        if (httpPort >= 0) {
            builder.addHttpListener(httpPort, "127.0.0.1");
        }
        Undertow server = builder.build();
        server.start();
        return new ChallengeListeners(server);
    }

    private static void handle(HttpServerExchange exchange, ChallengeResponder responder) {
        String prefix = "/.well-known/acme-challenge/";
        if (exchange.getRequestPath().startsWith(prefix)) {
            Optional<String> answer = responder.http01(exchange.getRequestPath().substring(prefix.length()));
            exchange.setStatusCode(answer.isPresent() ? 200 : 404);
            exchange.getResponseSender().send(answer.orElse(""));
        } else {
            exchange.getResponseSender().send("hello " + exchange.getProtocol());
        }
    }

    int httpsPort() {
        return ((InetSocketAddress) server.getListenerInfo().stream()
                .filter(l -> l.getProtcol().equals("https")).findFirst().orElseThrow().getAddress()).getPort();
    }

    @Override
    public void close() {
        server.stop();
    }
}
