package onebox.tls.acme;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import onebox.tls.CertifiedKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The self-signed certificate presented until the first ACME certificate arrives.
 * Stand-in for onebox.tls.SelfSigned.placeholder(names): swap when both are merged.
 */
final class Placeholder {

    private Placeholder() {}

    static CertifiedKey create(List<String> names, Clock clock) {
        try {
            KeyPair keyPair = AcmeKeys.ecP256();
            Instant now = clock.instant();
            X500Name subject = new X500Name("CN=onebox certificate pending");
            GeneralName[] sans = names.stream().map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new);
            var builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofMinutes(1))), Date.from(now.plus(Duration.ofDays(7))),
                    subject, keyPair.getPublic())
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
            var holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate()));
            return new CertifiedKey(keyPair.getPrivate(), List.of(new JcaX509CertificateConverter().getCertificate(holder)));
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("cannot create the placeholder certificate", e);
        }
    }
}
