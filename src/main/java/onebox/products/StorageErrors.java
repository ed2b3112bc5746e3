package onebox.products;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Set;
import onebox.products.ProductRepository.StorageUnavailable;

/**
 * Sorts database failures: those that a later retry may cure (the server is down,
 * unreachable, shutting down, overloaded or too slow) become {@link StorageUnavailable};
 * anything else is a bug. Neither message carries SQL; the cause keeps it for the log.
 */
final class StorageErrors {

    /** SQLSTATE classes and codes that mean "not now" rather than "never". */
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "53", "40");
    private static final Set<String> TRANSIENT_CODES = Set.of(
            "57014", // query_canceled: statement_timeout
            "57P01", // admin_shutdown
            "57P02", // crash_shutdown
            "57P03", // cannot_connect_now: starting up or in recovery
            "55P03"); // lock_not_available

    private StorageErrors() {}

    static RuntimeException translate(String operation, RuntimeException failure) {
        if (isTransient(failure)) {
            return new StorageUnavailable("the database is unavailable (" + operation + " product)", failure);
        }
        return new IllegalStateException("the database failed to " + operation + " a product", failure);
    }

    private static boolean isTransient(Throwable failure) {
        int depth = 0;
        for (Throwable cause = failure; cause != null && depth < 20; cause = cause.getCause(), depth++) {
            if (cause instanceof SQLTransientException || cause instanceof IOException) {
                return true;
            }
            if (cause instanceof SQLException sql && isTransientState(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTransientState(String sqlState) {
        return sqlState != null && sqlState.length() == 5
                && (TRANSIENT_CLASSES.contains(sqlState.substring(0, 2)) || TRANSIENT_CODES.contains(sqlState));
    }
}
