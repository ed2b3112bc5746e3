package onebox.tls.acme;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import onebox.tls.Pem;
import onebox.tls.TlsPolicy;
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
            return new TrustingAcmeProvider(TlsPolicy.clientTrusting(Pem.readCertificates(caFile)));
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
