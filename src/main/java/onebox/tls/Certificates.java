package onebox.tls;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Builds X.509 certificates: a local CA, leaves it signs, and self-signed leaves. */
public final class Certificates {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private Certificates() {}

    /** A CA certificate that may sign server certificates only (path length 0). */
    public static X509Certificate certificateAuthority(KeyPair pair, String commonName, Instant notBefore, Instant notAfter) {
        X500Name name = name(commonName);
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = builder(name, name, pair.getPublic(), notBefore, notAfter)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(pair.getPublic()));
            return sign(builder, pair.getPrivate());
        } catch (CertIOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot build CA certificate " + commonName, e);
        }
    }

    /** A server certificate for the names (DNS names or IP literals), signed by the issuer. */
    public static X509Certificate serverCertificate(
            CertifiedKey issuer, PublicKey subjectKey, List<String> names, Instant notBefore, Instant notAfter) {
        X500Name issuerName = X500Name.getInstance(issuer.leaf().getSubjectX500Principal().getEncoded());
        return leaf(issuerName, issuer.leaf().getPublicKey(), issuer.key(), subjectKey, names, notBefore, notAfter);
    }

    /** A self-signed server certificate: trusted by no one, useful as a placeholder. */
    public static X509Certificate selfSignedServerCertificate(KeyPair pair, List<String> names, Instant notBefore, Instant notAfter) {
        return leaf(null, pair.getPublic(), pair.getPrivate(), pair.getPublic(), names, notBefore, notAfter);
    }

    /** True for IPv4 and IPv6 literals, which go into iPAddress rather than dNSName entries. */
    public static boolean isIpLiteral(String name) {
        return name.indexOf(':') >= 0 || IPV4.matcher(name).matches();
    }

    private static X509Certificate leaf(X500Name issuerName, PublicKey issuerKey, PrivateKey signingKey,
            PublicKey subjectKey, List<String> names, Instant notBefore, Instant notAfter) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a server certificate needs at least one name");
        }
        X500Name subject = name(names.getFirst());
        // keyEncipherment only means something for RSA key exchange; EC keys only sign.
        int usage = KeyUsage.digitalSignature | ("RSA".equals(subjectKey.getAlgorithm()) ? KeyUsage.keyEncipherment : 0);
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = builder(issuerName == null ? subject : issuerName, subject, subjectKey, notBefore, notAfter)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(usage))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, subjectAlternativeNames(names))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey))
                    .addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuerKey));
            return sign(builder, signingKey);
        } catch (CertIOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot build certificate for " + names, e);
        }
    }

    private static GeneralNames subjectAlternativeNames(List<String> names) {
        return new GeneralNames(names.stream()
                .map(n -> new GeneralName(isIpLiteral(n) ? GeneralName.iPAddress : GeneralName.dNSName, n))
                .toArray(GeneralName[]::new));
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key, Instant notBefore, Instant notAfter) {
        // Positive 127-bit random serials: unique without keeping a counter.
        BigInteger serial = new BigInteger(127, RANDOM).setBit(126);
        return new JcaX509v3CertificateBuilder(issuer, serial, Date.from(notBefore), Date.from(notAfter), subject, key);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) {
        try {
            var signer = new JcaContentSignerBuilder(Keys.signatureAlgorithm(key)).build(key);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException | CertificateException e) {
            throw new IllegalStateException("cannot sign certificate with " + key.getAlgorithm() + " key", e);
        }
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }
}
