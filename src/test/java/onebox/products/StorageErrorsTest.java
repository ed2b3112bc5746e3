package onebox.products;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import onebox.products.ProductRepository.StorageUnavailable;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;

class StorageErrorsTest {

    private static final String SQL = "SELECT secret FROM products";

    @Test
    void poolTimeoutIsUnavailable() {
        assertUnavailable(new SQLTransientConnectionException("onebox - Connection is not available"));
    }

    @Test
    void connectionFailureStateIsUnavailable() {
        assertUnavailable(new SQLException("Connection refused", "08001"));
    }

    @Test
    void statementTimeoutIsUnavailable() {
        assertUnavailable(new SQLException("canceling statement due to statement timeout", "57014"));
    }

    @Test
    void socketTimeoutIsUnavailable() {
        assertUnavailable(new SQLException("An I/O error occurred", "08006", new SocketTimeoutException("Read timed out")));
    }

    @Test
    void otherFailuresAreBugsWithoutSqlInTheMessage() {
        DataAccessException failure = new DataAccessException(SQL, new SQLException("syntax error", "42601"));

        RuntimeException translated = StorageErrors.translate("list", failure);

        assertInstanceOf(IllegalStateException.class, translated);
        assertEquals("the database failed to list a product", translated.getMessage());
        assertSame(failure, translated.getCause());
    }

    private static void assertUnavailable(SQLException cause) {
        RuntimeException translated = StorageErrors.translate("find", new DataAccessException(SQL, cause));

        assertInstanceOf(StorageUnavailable.class, translated);
        assertEquals("the database is unavailable (find product)", translated.getMessage());
    }
}
