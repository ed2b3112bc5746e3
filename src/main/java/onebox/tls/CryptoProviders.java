package onebox.tls;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.Security;

/**
 * Amazon Corretto Crypto Provider (AWS-LC, native code) ahead of the JDK's own providers,
 * for what a TLS handshake and its records spend their time in: on the benchmark machine
 * (issue 6) the JDK's P-256 ECDSA signature took 315 µs per handshake, ACCP's 33 µs, and its
 * P-256 key agreement 94 µs against the JDK's 1.4 ms. The JDK's TLS stack itself stays and
 * finds these through the provider list. X25519, which ACCP lacks, stays the JDK's.
 *
 * <p>Where ACCP's native library does not load (another CPU or libc), the JDK's providers
 * stay in front and {@link #install} says why.
 */
public final class CryptoProviders {

    private CryptoProviders() {}

    /** Installs once per JVM; returns a line for the start-up log. */
    public static synchronized String install() {
        AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
        Throwable problem = accp.getLoadingError();
        if (problem != null) {
            return "the JDK's providers (Amazon Corretto Crypto Provider did not load: " + problem.getMessage() + ")";
        }
        if (Security.getProvider(AmazonCorrettoCryptoProvider.PROVIDER_NAME) == null) {
            Security.insertProviderAt(accp, 1);
        }
        return "Amazon Corretto Crypto Provider " + accp.getVersionStr() + " first (ECDSA, ECDH, RSA, AES-GCM, HMAC, SHA-2)";
    }
}
