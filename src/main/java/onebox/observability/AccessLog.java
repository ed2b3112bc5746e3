package onebox.observability;

import static net.logstash.logback.argument.StructuredArguments.kv;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One line per request on logger {@code onebox.access}. The fields are structured
 * arguments, so the JSON encoder emits them as fields and the text encoder as key=value.
 * Headers are never logged: Authorization and tokens cannot leak from here.
 */
final class AccessLog {

    static final String LOGGER = "onebox.access";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private AccessLog() {}

    static void write(RequestRecord r) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        // request_id is a field of its own here; drop the MDC copy so JSON has no duplicate key.
        String mdcId = MDC.get(RequestIds.MDC_KEY);
        MDC.remove(RequestIds.MDC_KEY);
        try {
            LOG.info("{} {} {} {} {} {} {} {} {} {} {}",
                    kv("request_id", r.requestId()),
                    kv("method", r.method()),
                    kv("route", r.route()),
                    kv("path", r.path()),
                    kv("status", r.status()),
                    kv("duration_ms", r.durationMillis()),
                    kv("bytes_in", r.bytesIn()),
                    kv("bytes_out", r.bytesOut()),
                    kv("client", r.client()),
                    kv("protocol", r.protocol()),
                    kv("tls", r.tlsVersion()));
        } finally {
            if (mdcId != null) {
                MDC.put(RequestIds.MDC_KEY, mdcId);
            }
        }
    }
}
