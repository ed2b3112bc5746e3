package onebox.config;

import static onebox.config.Setting.*;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import onebox.config.Settings.Acme;
import onebox.config.Settings.Challenge;
import onebox.config.Settings.KeyType;
import onebox.config.Settings.TlsMode;

/** The ACME part of the settings; checked strictly only when ONEBOX_TLS=acme uses it. */
final class AcmeSettings {

    /**
     * Stands in for the directory when ACME is not used and the environment has no
     * default (dev): a URI no ACME client can reach, so it can never mean a silent staging.
     */
    static final URI NO_DIRECTORY = URI.create("acme:none");

    private static final Set<String> DIRECTORY_SCHEMES = Set.of("https", "http", "acme");

    private AcmeSettings() {}

    static Acme build(Values values, TlsMode tls, Map<String, String> env) throws ConfigException {
        Optional<String> kid = values.optional(ACME_EAB_KID).map(String::strip);
        Optional<Secret> hmac = SettingsLoader.secret(values, ACME_EAB_HMAC_FILE, "acme-eab-hmac", env);
        if (kid.isPresent() != hmac.isPresent()) {
            throw new ConfigException(kid.isPresent()
                    ? "ONEBOX_ACME_EAB_KID is set but there is no HMAC key: set ONEBOX_ACME_EAB_HMAC_FILE or the acme-eab-hmac credential"
                    : "an External Account Binding HMAC key is given but ONEBOX_ACME_EAB_KID is not set");
        }
        return new Acme(
                directory(values, tls),
                email(values),
                values.readableFile(ACME_CA_FILE),
                values.choice(ACME_CHALLENGE, Challenge.class),
                profile(values),
                kid,
                hmac,
                values.choice(ACME_KEY_TYPE, KeyType.class));
    }

    private static URI directory(Values values, TlsMode tls) throws ConfigException {
        Optional<String> text = values.optional(ACME_DIRECTORY).map(String::strip);
        if (text.isEmpty()) {
            if (tls == TlsMode.ACME) {
                throw new ConfigException("ONEBOX_ACME_DIRECTORY must be set for ONEBOX_TLS=acme in dev"
                        + " (staging and prod default to Let's Encrypt's staging and production directories)");
            }
            return NO_DIRECTORY;
        }
        try {
            URI uri = new URI(text.get());
            if (uri.getScheme() != null && DIRECTORY_SCHEMES.contains(uri.getScheme().toLowerCase())) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw Values.invalid(ACME_DIRECTORY, text.get(), "an https:// URL of an ACME directory (or acme4j's acme://)");
    }

    private static Optional<String> email(Values values) throws ConfigException {
        Optional<String> email = values.optional(ACME_EMAIL).map(String::strip)
                .map(text -> text.startsWith("mailto:") ? text.substring("mailto:".length()) : text);
        if (email.isPresent() && !email.get().matches("[^@\\s,]+@[^@\\s,]+")) {
            throw Values.invalid(ACME_EMAIL, email.get(), "an email address such as ops@example.com");
        }
        return email;
    }

    private static Optional<String> profile(Values values) throws ConfigException {
        Optional<String> profile = values.optional(ACME_PROFILE).map(String::strip);
        if (profile.isPresent() && !profile.get().matches("[A-Za-z0-9._-]{1,64}")) {
            throw Values.invalid(ACME_PROFILE, profile.get(), "a profile name offered by the CA, such as shortlived");
        }
        return profile;
    }
}
