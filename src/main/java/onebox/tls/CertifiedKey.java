package onebox.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/** A private key with its certificate chain, leaf first: what a TLS handshake presents. */
public record CertifiedKey(PrivateKey key, List<X509Certificate> chain) {

    public CertifiedKey {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("certificate chain is empty");
        }
        chain = List.copyOf(chain);
    }

    public X509Certificate leaf() {
        return chain.getFirst();
    }

    public Instant notAfter() {
        return leaf().getNotAfter().toInstant();
    }

    public Instant notBefore() {
        return leaf().getNotBefore().toInstant();
    }
}
