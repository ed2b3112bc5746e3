package onebox.tls;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;

/** Fresh key pairs for certificates: ECDSA P-256 by default, RSA where a CA or client needs it. */
public final class Keys {

    private Keys() {}

    public static KeyPair ecP256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot generate ECDSA P-256 keys", e);
        }
    }

    public static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot generate RSA " + bits + " keys", e);
        }
    }

    /**
     * The key pair of a private key read from PEM, whose public half may not have been
     * written (PKCS#8 as the JDK encodes EC keys): recomputed from the private key.
     */
    public static KeyPair pairOf(PrivateKey key) {
        try {
            return new KeyPair(publicKeyOf(key), key);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("cannot derive the public key of a " + key.getAlgorithm() + " private key", e);
        }
    }

    private static PublicKey publicKeyOf(PrivateKey key) throws GeneralSecurityException {
        return switch (key) {
            case RSAPrivateCrtKey rsa -> KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            case ECPrivateKey ec -> {
                // Q = d * G on the key's own curve.
                var q = EC5Util.convertSpec(ec.getParams()).getG().multiply(ec.getS()).normalize();
                var point = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
                yield KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, ec.getParams()));
            }
            default -> throw new GeneralSecurityException("unsupported key algorithm " + key.getAlgorithm());
        };
    }

    /** The JCA signature algorithm a certificate signed by this key uses. */
    static String signatureAlgorithm(java.security.PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new IllegalArgumentException("unsupported key algorithm " + key.getAlgorithm());
        };
    }
}
