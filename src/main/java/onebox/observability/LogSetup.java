package onebox.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.Map;
import net.logstash.logback.encoder.LogstashEncoder;
import onebox.config.Settings.LogFormat;
import org.slf4j.LoggerFactory;

/**
 * Logging to stdout, configured in code from the settings: one JSON object per line
 * (with the MDC, so request ids show) or a compact text line for people in dev.
 */
public final class LogSetup {

    /** Text lines; the MDC in brackets only when it holds something. */
    static final String TEXT_PATTERN =
            "%d{HH:mm:ss.SSS} %-5level %logger{24}%replace( [%mdc]){' \\[\\]', ''} - %msg%n";

    /** Libraries that talk a lot at INFO or below about things an operator does not need. */
    private static final Map<String, Level> QUIET = Map.ofEntries(
            Map.entry("org.xnio", Level.WARN),
            Map.entry("org.jboss", Level.WARN),
            Map.entry("io.undertow", Level.WARN),
            Map.entry("com.zaxxer.hikari", Level.WARN),
            Map.entry("io.zonky", Level.WARN),
            Map.entry("org.flywaydb", Level.WARN),
            // Keep Flyway's one line per applied migration.
            Map.entry("org.flywaydb.core.internal.command.DbMigrate", Level.INFO),
            Map.entry("org.jooq.Constants", Level.WARN),
            // jOOQ's free edition warns once that PostgreSQL 15 is older than its dialect; harmless.
            Map.entry("org.jooq.impl.DefaultExecuteContext.logVersionSupport", Level.ERROR),
            Map.entry("org.postgresql", Level.WARN),
            Map.entry("org.shredzone.acme4j", Level.INFO));

    private LogSetup() {}

    public static void configure(LogFormat format, String level) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        Level rootLevel = Level.toLevel(level, Level.INFO);

        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("stdout");
        console.setEncoder(encoder(format, context));
        console.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(rootLevel);
        root.addAppender(console);
        QUIET.forEach((name, quiet) -> context.getLogger(name).setLevel(stricter(quiet, rootLevel)));
    }

    private static Encoder<ILoggingEvent> encoder(LogFormat format, LoggerContext context) {
        return switch (format) {
            case JSON -> {
                LogstashEncoder json = new LogstashEncoder();
                json.setContext(context);
                json.setIncludeMdc(true);
                json.setIncludeContext(false);
                json.start();
                var lines = new AccessLogJson(json);
                lines.setContext(context);
                lines.start();
                yield lines;
            }
            case TEXT -> {
                PatternLayoutEncoder text = new PatternLayoutEncoder();
                text.setContext(context);
                text.setPattern(TEXT_PATTERN);
                text.start();
                yield text;
            }
        };
    }

    /** A quiet library never becomes louder than the root: ONEBOX_LOG_LEVEL=error means errors only. */
    private static Level stricter(Level quiet, Level root) {
        return root.isGreaterOrEqual(quiet) ? root : quiet;
    }
}
