package onebox.config;

/** The text of {@code --help}, written from the {@link Setting} table. */
public final class HelpText {

    private HelpText() {}

    public static String render() {
        StringBuilder out = new StringBuilder();
        out.append("""
                Usage: java -jar onebox.jar [--config FILE] [--name VALUE | --name=VALUE]...
                       java -jar onebox.jar --check-config | --help | --version
                       java -XX:AOTCacheOutput=onebox.aot -jar onebox.jar --aot-train

                onebox serves a products API and static files over HTTPS, with its own
                certificates, PostgreSQL and an admin listener for health and metrics.

                Each setting is taken from its --flag, else the environment, else the
                --config file (KEY=VALUE lines, as systemd's EnvironmentFile= reads them),
                else its default. An unknown ONEBOX_* variable or a bad value stops start-up.

                  --check-config   validate the settings, print them (secrets redacted), exit 0 or 2
                  --help           print this text
                  --version        print the version
                  --aot-train      start a throwaway onebox (temporary directory, embedded
                                   PostgreSQL, dev CA, loopback), send it a few hundred requests,
                                   stop, exit 0 or 1; with JDK 25+ and -XX:AOTCacheOutput=FILE
                                   the JVM then writes its AOT cache, which makes later starts
                                   (-XX:AOTCache=FILE) faster; scripts/install does this

                Settings:
                """);
        for (Setting setting : Setting.values()) {
            out.append("\n  ").append(setting.envName()).append(", ").append(setting.flag()).append('\n')
                    .append("      ").append(setting.help()).append('\n')
                    .append("      default: ").append(setting.defaultText()).append('\n');
        }
        out.append("""

                Secrets are read from files, never from the environment: the *_FILE settings
                above, or systemd credentials (LoadCredential=) in $CREDENTIALS_DIRECTORY named
                db-password, api-tokens, admin-tokens and acme-eab-hmac. A *_FILE setting wins
                over the credential. Token files hold one token per line; blank lines and
                lines starting with # are skipped.
                """);
        return out.toString();
    }
}
