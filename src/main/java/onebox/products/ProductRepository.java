package onebox.products;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Storage of products. Implementations run blocking database work and must never be
 * called on an IO thread. Failures of the database surface as {@link StorageUnavailable}.
 */
public interface ProductRepository {

    /** Products ordered by name, starting after {@code after} (exclusive) when given. */
    List<Product> list(Optional<String> after, int limit);

    Optional<Product> find(String name);

    /** The products of these names, by name, in one statement; names without a product are absent. */
    Map<String, Product> findAll(Set<String> names);

    /** Inserts a new product; empty when the name is already taken. */
    Optional<Product> create(String name, int quantity);

    /**
     * Creates or replaces. With {@code expectedVersion}, replaces only that version
     * (and never creates): a mismatch throws {@link VersionMismatch}.
     */
    Upsert put(String name, int quantity, OptionalLong expectedVersion);

    /**
     * Deletes, honouring {@code expectedVersion}; the deleted product, or empty if none.
     * With {@code expectedVersion}, a missing product is a {@link VersionMismatch} (If-Match
     * on nothing fails with 412, RFC 9110 13.1.1).
     */
    Optional<Product> delete(String name, OptionalLong expectedVersion);

    record Upsert(Product product, boolean created) {}

    /** If-Match named a version that is not the stored one (or no product exists). */
    final class VersionMismatch extends RuntimeException {
        public VersionMismatch(String name) {
            super("product " + name + " is not at the expected version");
        }
    }

    /** The database could not be reached or did not answer in time. */
    final class StorageUnavailable extends RuntimeException {
        public StorageUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
