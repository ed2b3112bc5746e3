package onebox.db;

/** Turns a failure into one line an operator can act on. */
final class Failures {

    private Failures() {}

    /** The message of the innermost cause: the pgjdbc or socket error, not the wrappers around it. */
    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        int depth = 0;
        while (root.getCause() != null && root.getCause() != root && depth++ < 20) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message.strip();
    }
}
