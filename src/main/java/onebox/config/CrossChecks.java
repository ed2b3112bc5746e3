package onebox.config;

import java.net.UnknownHostException;
import onebox.config.Settings.Challenge;
import onebox.config.Settings.TlsMode;

/** Rules that involve more than one setting, checked once every value is valid on its own. */
final class CrossChecks {

    private CrossChecks() {}

    static void check(Settings settings) throws ConfigException {
        checkTlsSources(settings);
        checkPorts(settings);
        checkAdminExposure(settings);
    }

    private static void checkTlsSources(Settings settings) throws ConfigException {
        if (settings.tls() == TlsMode.FILES && (settings.tlsCertFile().isEmpty() || settings.tlsKeyFile().isEmpty())) {
            throw new ConfigException("ONEBOX_TLS=files needs both ONEBOX_TLS_CERT_FILE and ONEBOX_TLS_KEY_FILE");
        }
        if (settings.tls() != TlsMode.ACME) {
            return;
        }
        if (settings.domains().isEmpty()) {
            throw new ConfigException("ONEBOX_TLS=acme needs ONEBOX_DOMAINS: the names to obtain a certificate for");
        }
        Challenge challenge = settings.acme().challenge();
        if (challenge == Challenge.HTTP_01 && !settings.httpEnabled()) {
            throw new ConfigException("ONEBOX_ACME_CHALLENGE=http-01 needs the HTTP listener, but ONEBOX_HTTP_PORT=0 (off)");
        }
    }

    private static void checkPorts(Settings settings) throws ConfigException {
        int https = settings.httpsPort();
        int http = settings.httpPort();
        int admin = settings.adminPort();
        if (https != 0 && https == http) {
            throw new ConfigException("ONEBOX_HTTP_PORT=" + http + " is also ONEBOX_HTTPS_PORT: each listener needs its own port");
        }
        boolean overlapping = Hosts.isWildcard(settings.bind()) || settings.bind().equals(settings.adminBind());
        if (admin != 0 && overlapping && (admin == https || admin == http)) {
            throw new ConfigException("ONEBOX_ADMIN_PORT=" + admin
                    + " is also a public port on an overlapping address: each listener needs its own port");
        }
    }

    private static void checkAdminExposure(Settings settings) throws ConfigException {
        String adminBind = settings.adminBind();
        boolean loopback;
        try {
            loopback = Hosts.isLoopback(adminBind);
        } catch (UnknownHostException e) {
            throw new ConfigException("ONEBOX_ADMIN_BIND=" + adminBind + " cannot be resolved");
        }
        if (!loopback && settings.adminTokens().isEmpty()) {
            throw new ConfigException("ONEBOX_ADMIN_BIND=" + adminBind
                    + " is not loopback: set ONEBOX_ADMIN_TOKENS_FILE or the admin-tokens credential");
        }
    }
}
