package onebox.admin;

import java.util.Map;

/**
 * An operator action on the admin listener, run by {@code POST /tasks/{name}}: renew the
 * certificate now, check the ACME account. Runs on a worker thread and may block, within
 * its own bounded time; what it returns is sent as JSON.
 */
public record AdminTask(String name, Action action) {

    @FunctionalInterface
    public interface Action {
        /** The JSON body of a 200; an exception becomes a 500 naming the failure. */
        Map<String, Object> run() throws Exception;
    }

    public AdminTask {
        if (!name.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("admin task name must be lower-case words joined by '-': " + name);
        }
    }

    public String path() {
        return "/tasks/" + name;
    }
}
