package onebox.tls.acme;

import java.security.KeyPair;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import onebox.tls.CertifiedKey;

/**
 * What a chain and key must satisfy before they are served: the key belongs to the leaf,
 * the leaf names every domain, and it is valid now. Stand-in for onebox.tls.CertificateChecks.
 */
final class IssuedCertificateCheck {

    private IssuedCertificateCheck() {}

    /** Empty when fit to serve, else why not. */
    static Optional<String> problem(CertifiedKey key, KeyPair keyPair, List<String> domains, Instant now) {
        X509Certificate leaf = key.leaf();
        if (!leaf.getPublicKey().equals(keyPair.getPublic())) {
            return Optional.of("the private key does not belong to the certificate");
        }
        try {
            leaf.checkValidity(Date.from(now));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            return Optional.of("not valid now (" + leaf.getNotBefore().toInstant() + " to " + leaf.getNotAfter().toInstant() + ")");
        }
        List<String> names = dnsNames(leaf);
        List<String> missing = domains.stream().filter(d -> !names.contains(d.toLowerCase(Locale.ROOT))).toList();
        return missing.isEmpty() ? Optional.empty() : Optional.of("does not cover " + String.join(",", missing));
    }

    private static List<String> dnsNames(X509Certificate leaf) {
        List<String> names = new ArrayList<>();
        try {
            var sans = leaf.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (Integer.valueOf(2).equals(san.get(0))) {
                        names.add(((String) san.get(1)).toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return List.of();
        }
        return names;
    }
}
