package onebox.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslCachingX509KeyManagerFactory;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.KeyManagerFactoryWrapper;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BoringSSL's TLS engine (netty-tcnative, statically linked) under {@link TlsPolicy}, as an
 * SSLContext that Undertow takes like the JDK's. A full handshake costs it about half the CPU
 * of the JDK's engine (X25519 and the ECDSA signature are most of a handshake), which is what
 * sets how fast onebox takes on a burst of new connections; requests on open connections cost
 * the same with either (issue 6 has the figures).
 *
 * <p>ALPN is BoringSSL's own (h2, then http/1.1): Netty's engine ignores the protocols Undertow
 * sets through SSLParameters but reports the negotiated one as the JDK's engines do, which is
 * all Undertow reads back. TLS-ALPN-01 challenges stay with the JDK's engine (see
 * {@code ChallengeResponder}), since BoringSSL chooses the certificate before it negotiates ALPN.
 */
public final class BoringSsl {

    private static final Logger log = LoggerFactory.getLogger(BoringSsl.class);
    private static final ByteBufAllocator BUFFERS = UnpooledByteBufAllocator.DEFAULT;
    /** The groups' names as BoringSSL spells them, in {@link TlsPolicy#NAMED_GROUPS}' order. */
    private static final String[] GROUPS = {"X25519", "P-256", "P-384"};

    private BoringSsl() {}

    /**
     * A server context presenting the key manager's certificate, or empty where BoringSSL does
     * not load: another OS or CPU, a temporary directory mounted noexec, or
     * {@code -Dio.netty.handler.ssl.noOpenSsl=true}. The key manager's aliases must name one
     * certificate for good, as {@link SwappableKeyManager}'s do: BoringSSL's parsed copy of each
     * is kept by alias.
     */
    public static Optional<SSLContext> serverContext(SwappableKeyManager keyManager, SSLContext jdk) {
        if (!OpenSsl.isAvailable()) {
            log.warn("BoringSSL's TLS engine did not load ({}); HTTPS uses the JDK's, at about twice the CPU per handshake",
                    OpenSsl.unavailabilityCause().toString());
            return Optional.empty();
        }
        try {
            SslContext context = SslContextBuilder
                    .forServer(new OpenSslCachingX509KeyManagerFactory(new KeyManagerFactoryWrapper(keyManager)))
                    .sslProvider(SslProvider.OPENSSL)
                    .protocols(TlsPolicy.PROTOCOLS)
                    .ciphers(TlsPolicy.CIPHER_SUITES)
                    .option(OpenSslContextOption.GROUPS, GROUPS)
                    .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
                    .sessionCacheSize(TlsPolicy.SESSION_CACHE_SIZE)
                    .sessionTimeout(TlsPolicy.SESSION_TIMEOUT_SECONDS)
                    .build();
            log.info("TLS engine: {} through netty-tcnative", OpenSsl.versionString());
            return Optional.of(DelegatingSslContext.withEngines(jdk,
                    (host, port) -> new BoringSslEngine(context.newEngine(BUFFERS, host, port)), context.sessionContext()));
        } catch (SSLException e) {
            throw new IllegalStateException("BoringSSL refused onebox's TLS policy: " + e.getMessage(), e);
        }
    }
}
