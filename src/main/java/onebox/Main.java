package onebox;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import onebox.config.Arguments;
import onebox.config.ConfigException;
import onebox.config.ConfigReport;
import onebox.config.HelpText;
import onebox.config.Settings;
import onebox.config.SettingsLoader;
import onebox.observability.LogSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point. {@link #run} does the work and returns an exit code (0 ok, 1 start-up
 * failure, 2 configuration error), so that tests can call it; only a failure makes
 * {@link #main} call {@link System#exit}.
 */
public final class Main {

    static final int OK = 0;
    static final int FAILURE = 1;
    static final int CONFIG_ERROR = 2;

    private Main() {}

    public static void main(String[] args) {
        int code = run(List.of(args), System.getenv(), System.out, System.err);
        if (code != OK) {
            System.exit(code);
        }
    }

    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        return run(args, env, out, err, settings -> App.start(settings, () -> System.exit(OK)));
    }

    /** How the app is started ({@link App#start}); tests replace it to exercise the lifecycle. */
    @FunctionalInterface
    interface Starter {
        AutoCloseable start(Settings settings) throws Exception;
    }

    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err, Starter starter) {
        // Before anything touches JSSE: the JDK accepts client-initiated renegotiation by default.
        System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
        try {
            return switch (Arguments.actionOf(args)) {
                case HELP -> print(out, HelpText.render());
                case VERSION -> print(out, "onebox " + version() + " (Java " + Runtime.version() + ")\n");
                case CHECK_CONFIG -> print(out, ConfigReport.check(args, env));
                case AOT_TRAIN -> AotTraining.run(out, err);
                case RUN -> serve(SettingsLoader.load(args, env), starter);
            };
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return CONFIG_ERROR;
        }
    }

    public static String version() {
        return Optional.ofNullable(Main.class.getPackage().getImplementationVersion()).orElse("(development build)");
    }

    private static int print(PrintStream out, String text) {
        out.print(text);
        out.flush();
        return OK;
    }

    /** Starts the app and blocks until SIGTERM (or Ctrl-C) has closed it. */
    private static int serve(Settings settings, Starter starter) {
        LogSetup.configure(settings.logFormat(), settings.logLevel());
        Logger log = LoggerFactory.getLogger(Main.class);
        log.info("onebox {} starting (env {})", version(), settings.env().name().toLowerCase(Locale.ROOT));
        Lifecycle lifecycle = new Lifecycle();
        lifecycle.install();
        try {
            lifecycle.started(starter.start(settings));
        } catch (Exception | LinkageError e) {
            lifecycle.startFailed();
            log.error("onebox did not start: {}", causeChain(e));
            log.debug("start-up failure", e);
            return FAILURE;
        }
        try {
            lifecycle.awaitClosed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILURE;
        }
        return OK;
    }

    /** "could not bind: Address already in use", each message of the chain once. */
    static String causeChain(Throwable failure) {
        List<String> messages = new ArrayList<>();
        Throwable current = failure;
        for (int depth = 0; current != null && depth < 10; depth++, current = current.getCause()) {
            String message = current.getMessage() == null ? current.getClass().getSimpleName() : current.getMessage();
            if (messages.stream().noneMatch(known -> known.contains(message))) {
                messages.add(message);
            }
        }
        return String.join(": ", messages);
    }
}
