package onebox;

import java.util.List;
import java.util.Map;

/** Runs {@link Main#run} in a child JVM with a stand-in app, so a test can send it SIGTERM. */
final class LifecycleProbe {

    private LifecycleProbe() {}

    public static void main(String[] args) {
        Map<String, String> env = Map.of("ONEBOX_LOG_FORMAT", "text", "ONEBOX_BIND", "127.0.0.1");
        int code = Main.run(List.of(args), env, System.out, System.err, settings -> {
            System.out.println("probe started");
            return () -> System.out.println("probe closed");
        });
        if (code != 0) {
            System.exit(code);
        }
    }
}
