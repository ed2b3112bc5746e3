package onebox.tls;

import java.util.Optional;

/**
 * Where the public listener's certificate comes from: the dev CA, PEM files, or ACME.
 * A source starts with whatever it already has and may replace its certificate at any
 * time (file change, renewal); the {@link SwappableKeyManager} always presents the latest.
 */
public interface CertificateSource extends AutoCloseable {

    /** Starts loading, watching or renewing; must not block on the network. */
    void start(SwappableKeyManager target) throws Exception;

    /** The certificate being served, if a valid one exists yet. */
    Optional<CertifiedKey> current();

    /** One line for the start-up log: "dev CA certs/dev-ca.pem", "files /etc/...", "ACME https://...". */
    String describe();

    @Override
    void close();
}
