package onebox.tls.acme;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import onebox.config.Settings;

/**
 * New key pairs from the JDK's own providers (acme4j's KeyPairUtils.createECKeyPair needs
 * BouncyCastle registered as a JCA provider, which onebox does not do).
 */
final class AcmeKeys {

    private AcmeKeys() {}

    static KeyPair of(Settings.KeyType type) {
        return type == Settings.KeyType.RSA_2048 ? rsa2048() : ecP256();
    }

    static KeyPair ecP256() {
        return generate("EC", g -> g.initialize(new ECGenParameterSpec("secp256r1")));
    }

    /** Also the TLS-ALPN-01 certificate's key: acme4j 3.5 signs that certificate with SHA256withRSA only. */
    static KeyPair rsa2048() {
        return generate("RSA", g -> g.initialize(2048));
    }

    private interface Init {
        void apply(KeyPairGenerator generator) throws GeneralSecurityException;
    }

    private static KeyPair generate(String algorithm, Init init) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            init.apply(generator);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot create " + algorithm + " keys", e);
        }
    }
}
