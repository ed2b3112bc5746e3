package onebox.config;

/** A setting is unknown, malformed or inconsistent; the message is the one line an operator sees. */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    /** Shown without a stack trace: the message says everything. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
