package onebox;

import onebox.config.Settings;

/**
 * The one place that wires onebox together: database, certificates, public and admin
 * listeners. Components start in order and close in reverse, once.
 */
public final class App implements AutoCloseable {

    private App() {}

    /** Starts every component; returns once the listeners accept connections. */
    public static App start(Settings settings) throws Exception {
        throw new UnsupportedOperationException("wired by the lead during integration");
    }

    @Override
    public void close() {}
}
