package onebox.tls.acme;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.spec.ECGenParameterSpec;
import onebox.config.Settings;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * New key pairs. EC keys come from a private BouncyCastle provider instance (not registered
 * globally): their encoding carries the public point, so the PEM files read back as key
 * pairs (JDK-made EC keys do not, and acme4j's KeyPairUtils then rejects the file).
 */
final class AcmeKeys {

    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    private AcmeKeys() {}

    static KeyPair of(Settings.KeyType type) {
        return type == Settings.KeyType.RSA_2048 ? rsa2048() : ecP256();
    }

    static KeyPair ecP256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BOUNCY_CASTLE);
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create EC P-256 keys", e);
        }
    }

    /** Also the TLS-ALPN-01 certificate's key: acme4j 3.5 signs that certificate with SHA256withRSA only. */
    static KeyPair rsa2048() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create RSA keys", e);
        }
    }
}
