package onebox.tls.acme;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** One log line per ACME event, with event, domain and reason as key/value fields for JSON logs. */
final class AcmeEvents {

    private static final Logger LOG = LoggerFactory.getLogger("onebox.acme");

    private AcmeEvents() {}

    static void info(String event, String domain, String reason) {
        log(Level.INFO, event, domain, reason);
    }

    static void warn(String event, String domain, String reason) {
        log(Level.WARN, event, domain, reason);
    }

    static void log(Level level, String event, String domain, String reason) {
        LOG.atLevel(level)
                .addKeyValue("event", event)
                .addKeyValue("domain", domain)
                .addKeyValue("reason", reason)
                .log("acme {} {}: {}", event, domain, reason);
    }
}
