package onebox.observability;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request on logger {@code onebox.access}. The message is short and for
 * people ("GET /api/products 200 1.25 ms"; in text format the request id shows with the
 * MDC); the last argument is the whole {@link RequestRecord}, which {@link AccessLogJson}
 * writes as fields. Headers are never logged: Authorization and tokens cannot leak from here.
 */
final class AccessLog {

    static final String LOGGER = "onebox.access";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private AccessLog() {}

    static void write(RequestRecord r) {
        if (LOG.isInfoEnabled()) {
            LOG.info("{} {} {} {} ms", r.method(), r.path(), r.status(), r.durationMillis(), r);
        }
    }
}
