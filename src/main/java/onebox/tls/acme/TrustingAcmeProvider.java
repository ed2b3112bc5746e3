package onebox.tls.acme;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import onebox.tls.Pem;
import org.shredzone.acme4j.connector.HttpConnector;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/**
 * acme4j's generic provider, but its HTTP client trusts the certificates in
 * ONEBOX_ACME_CA_FILE (a test CA's own HTTPS) instead of the system trust store.
 * acme4j 3.5 builds its java.net.http client in {@link HttpConnector#createClientBuilder()},
 * which a provider supplies through {@code createHttpConnector}.
 */
final class TrustingAcmeProvider extends GenericAcmeProvider {

    private final SSLContext trust;

    private TrustingAcmeProvider(SSLContext trust) {
        this.trust = trust;
    }

    static TrustingAcmeProvider trusting(Path caFile) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (X509Certificate certificate : Pem.readCertificates(caFile)) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return new TrustingAcmeProvider(context);
        } catch (GeneralSecurityException e) {
            throw new IOException("ONEBOX_ACME_CA_FILE " + caFile + " is unusable: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean accepts(URI serverUri) {
        return "https".equals(serverUri.getScheme());
    }

    @Override
    protected HttpConnector createHttpConnector(NetworkSettings settings) {
        return new HttpConnector(settings) {
            @Override
            public HttpClient.Builder createClientBuilder() {
                return super.createClientBuilder().sslContext(trust);
            }
        };
    }
}
