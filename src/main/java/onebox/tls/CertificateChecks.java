package onebox.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** What a certificate and key must satisfy before a handshake may present them. */
public final class CertificateChecks {

    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private CertificateChecks() {}

    /** Key matches leaf, leaf valid now, and every name covered; throws with the first fault found. */
    public static void validate(CertifiedKey key, List<String> names, Clock clock) throws InvalidCertificateException {
        requireKeyMatchesLeaf(key);
        requireValidAt(key.leaf(), clock.instant());
        requireCovers(key.leaf(), names);
    }

    /** Signs a random nonce with the private key and verifies it with the leaf's public key. */
    public static void requireKeyMatchesLeaf(CertifiedKey key) throws InvalidCertificateException {
        byte[] nonce = new byte[32];
        new SecureRandom().nextBytes(nonce);
        try {
            String algorithm = Keys.signatureAlgorithm(key.key());
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key.key());
            signer.update(nonce);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(key.leaf().getPublicKey());
            verifier.update(nonce);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new InvalidCertificateException("private key (" + key.key().getAlgorithm()
                    + ") does not match the certificate of " + subject(key.leaf()) + ": " + e.getMessage(), e);
        }
        throw new InvalidCertificateException("private key does not match the certificate of " + subject(key.leaf()));
    }

    public static void requireValidAt(X509Certificate leaf, Instant now) throws InvalidCertificateException {
        if (now.isBefore(leaf.getNotBefore().toInstant())) {
            throw new InvalidCertificateException("certificate of " + subject(leaf) + " is not valid before " + leaf.getNotBefore().toInstant());
        }
        if (now.isAfter(leaf.getNotAfter().toInstant())) {
            throw new InvalidCertificateException("certificate of " + subject(leaf) + " expired at " + leaf.getNotAfter().toInstant());
        }
    }

    public static void requireCovers(X509Certificate leaf, List<String> names) throws InvalidCertificateException {
        List<String> missing = names.stream().filter(name -> !covers(leaf, name)).toList();
        if (!missing.isEmpty()) {
            throw new InvalidCertificateException("certificate of " + subject(leaf) + " does not cover " + missing
                    + " (it names " + subjectAlternativeNames(leaf) + ")");
        }
    }

    /** Whether a SAN entry names the host: exact DNS name, one-label wildcard, or equal IP address. */
    public static boolean covers(X509Certificate leaf, String name) {
        String host = name.toLowerCase(Locale.ROOT);
        boolean ip = Certificates.isIpLiteral(host);
        for (List<?> entry : sanEntries(leaf)) {
            int type = (Integer) entry.get(0);
            String value = String.valueOf(entry.get(1)).toLowerCase(Locale.ROOT);
            if (ip ? type == SAN_IP && sameAddress(value, host) : type == SAN_DNS && dnsMatches(value, host)) {
                return true;
            }
        }
        return false;
    }

    /** The fraction of the leaf's lifetime still ahead at {@code now}: 1 when new, 0 once expired. */
    public static double remainingFraction(X509Certificate leaf, Instant now) {
        Instant notBefore = leaf.getNotBefore().toInstant();
        Instant notAfter = leaf.getNotAfter().toInstant();
        long lifetime = Duration.between(notBefore, notAfter).toMillis();
        long remaining = Duration.between(now, notAfter).toMillis();
        return lifetime <= 0 ? 0 : Math.clamp((double) remaining / lifetime, 0.0, 1.0);
    }

    public static List<String> subjectAlternativeNames(X509Certificate leaf) {
        List<String> names = new ArrayList<>();
        for (List<?> entry : sanEntries(leaf)) {
            names.add(String.valueOf(entry.get(1)));
        }
        return names;
    }

    private static boolean dnsMatches(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            int dot = host.indexOf('.');
            // A wildcard stands for exactly one whole label: *.example.com covers a.example.com only.
            return dot > 0 && host.substring(dot).equals(pattern.substring(1));
        }
        return pattern.equals(host);
    }

    private static boolean sameAddress(String a, String b) {
        try {
            // Literals only: getByName parses them without a DNS lookup.
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static Collection<List<?>> sanEntries(X509Certificate leaf) {
        try {
            Collection<List<?>> entries = leaf.getSubjectAlternativeNames();
            return entries == null ? List.of() : entries;
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    private static String subject(X509Certificate leaf) {
        return leaf.getSubjectX500Principal().getName();
    }
}
