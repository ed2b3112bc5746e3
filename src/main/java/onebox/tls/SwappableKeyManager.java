package onebox.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The key manager of the public HTTPS listener. It presents whichever certificate was
 * last swapped in: new handshakes get the new one, open connections keep theirs.
 * Each certificate gets its own alias, so a handshake that chose an alias just before a
 * swap still receives a key and chain that belong together.
 */
public final class SwappableKeyManager extends X509ExtendedKeyManager {

    private record Entry(String alias, CertifiedKey key) {}

    private final AtomicLong generation = new AtomicLong();
    private final AtomicReference<Entry> current = new AtomicReference<>();
    private final AtomicReference<Entry> previous = new AtomicReference<>();

    public SwappableKeyManager(CertifiedKey initial) {
        swap(initial);
    }

    public void swap(CertifiedKey next) {
        Entry entry = new Entry("onebox-" + generation.incrementAndGet(), Objects.requireNonNull(next));
        previous.set(current.getAndSet(entry));
    }

    public CertifiedKey current() {
        return current.get().key();
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return aliasFor(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String alias = aliasFor(keyType);
        return alias == null ? null : new String[] {alias};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        CertifiedKey key = lookup(alias);
        return key == null ? null : key.chain().toArray(X509Certificate[]::new);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        CertifiedKey key = lookup(alias);
        return key == null ? null : key.key();
    }

    /** The JDK asks once per key type it could use ("EC", "RSA", "RSASSA-PSS"...). */
    private String aliasFor(String keyType) {
        Entry entry = current.get();
        String algorithm = entry.key().key().getAlgorithm();
        boolean usable = keyType.equals(algorithm) || ("RSASSA-PSS".equals(keyType) && "RSA".equals(algorithm));
        return usable ? entry.alias() : null;
    }

    private CertifiedKey lookup(String alias) {
        for (Entry entry : new Entry[] {current.get(), previous.get()}) {
            if (entry != null && entry.alias().equals(alias)) {
                return entry.key();
            }
        }
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
