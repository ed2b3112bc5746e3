package onebox.products;

import static onebox.db.schema.Sequences.PRODUCT_VERSIONS;
import static onebox.db.schema.Tables.PRODUCTS;
import static org.jooq.Records.mapping;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record3;
import org.jooq.SelectConditionStep;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Products in PostgreSQL through jOOQ, one statement per operation (no transaction
 * spans a round trip). Every change takes a new version from a sequence.
 *
 * <p>The two hot reads, one product and a page, are written in jOOQ but rendered once, then
 * run as plain prepared statements: rendering SQL per call took three to four times the CPU
 * of pgjdbc's own work (issue 6's profile), and jOOQ's manual suggests exactly this cache.
 * pgjdbc switches a statement it sees often to a server-side prepared one by itself.
 */
public final class JooqProductRepository implements ProductRepository {

    /**
     * True when INSERT ... ON CONFLICT DO UPDATE inserted the row: PostgreSQL leaves
     * xmax at 0 for a fresh row and sets it when the conflicting row was updated.
     */
    private static final Field<Boolean> INSERTED = DSL.field("(xmax = 0)", SQLDataType.BOOLEAN);

    private final DSLContext dsl;
    private final String findSql;
    private final String findAllSql;
    private final String firstPageSql;
    private final String nextPageSql;

    public JooqProductRepository(DSLContext dsl) {
        this.dsl = dsl;
        // The values here only mark where the bind parameters go.
        this.findSql = selectProducts(PRODUCTS.NAME.eq("")).getSQL();
        this.findAllSql = selectProducts(PRODUCTS.NAME.eq(DSL.any(new String[0]))).getSQL();
        this.firstPageSql = selectProducts(DSL.noCondition()).orderBy(PRODUCTS.NAME).limit(0).getSQL();
        this.nextPageSql = selectProducts(PRODUCTS.NAME.gt("")).orderBy(PRODUCTS.NAME).limit(0).getSQL();
    }

    private SelectConditionStep<Record3<String, Integer, Long>> selectProducts(Condition condition) {
        return dsl.select(PRODUCTS.NAME, PRODUCTS.QUANTITY, PRODUCTS.VERSION).from(PRODUCTS).where(condition);
    }

    @Override
    public List<Product> list(Optional<String> after, int limit) {
        return guard("list", () -> dsl.connectionResult(connection -> {
            try (var statement = connection.prepareStatement(after.isPresent() ? nextPageSql : firstPageSql)) {
                int index = 1;
                if (after.isPresent()) {
                    statement.setString(index++, after.get());
                }
                statement.setInt(index, limit);
                try (ResultSet rows = statement.executeQuery()) {
                    List<Product> page = new ArrayList<>(limit);
                    while (rows.next()) {
                        page.add(productOf(rows));
                    }
                    return page;
                }
            }
        }));
    }

    @Override
    public Optional<Product> find(String name) {
        return guard("find", () -> dsl.connectionResult(connection -> {
            try (var statement = connection.prepareStatement(findSql)) {
                statement.setString(1, name);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? Optional.of(productOf(rows)) : Optional.<Product>empty();
                }
            }
        }));
    }

    @Override
    public Map<String, Product> findAll(Set<String> names) {
        return guard("find", () -> dsl.connectionResult(connection -> {
            try (var statement = connection.prepareStatement(findAllSql)) {
                statement.setArray(1, connection.createArrayOf("varchar", names.toArray()));
                try (ResultSet rows = statement.executeQuery()) {
                    Map<String, Product> found = HashMap.newHashMap(names.size());
                    while (rows.next()) {
                        Product product = productOf(rows);
                        found.put(product.name(), product);
                    }
                    return found;
                }
            }
        }));
    }

    /** The columns in the order of {@link #selectProducts}. */
    private static Product productOf(ResultSet row) throws SQLException {
        return new Product(row.getString(1), row.getInt(2), row.getLong(3));
    }

    @Override
    public Optional<Product> create(String name, int quantity) {
        return guard("create", () -> dsl
                .insertInto(PRODUCTS, PRODUCTS.NAME, PRODUCTS.QUANTITY)
                .values(name, quantity)
                .onConflictDoNothing()
                .returningResult(PRODUCTS.NAME, PRODUCTS.QUANTITY, PRODUCTS.VERSION)
                .fetchOptional(mapping(Product::new)));
    }

    @Override
    public Upsert put(String name, int quantity, OptionalLong expectedVersion) {
        return expectedVersion.isPresent()
                ? replaceVersion(name, quantity, expectedVersion.getAsLong())
                : createOrReplace(name, quantity);
    }

    private Upsert createOrReplace(String name, int quantity) {
        return guard("put", () -> dsl
                .insertInto(PRODUCTS, PRODUCTS.NAME, PRODUCTS.QUANTITY)
                .values(name, quantity)
                .onConflict(PRODUCTS.NAME)
                .doUpdate()
                .set(PRODUCTS.QUANTITY, DSL.excluded(PRODUCTS.QUANTITY))
                .set(PRODUCTS.VERSION, PRODUCT_VERSIONS.nextval())
                .returningResult(PRODUCTS.NAME, PRODUCTS.QUANTITY, PRODUCTS.VERSION, INSERTED)
                .fetchSingle(record -> new Upsert(
                        new Product(record.value1(), record.value2(), record.value3()), record.value4())));
    }

    /** If-Match: replaces only that version, never creates. */
    private Upsert replaceVersion(String name, int quantity, long expectedVersion) {
        Optional<Product> replaced = guard("put", () -> dsl
                .update(PRODUCTS)
                .set(PRODUCTS.QUANTITY, quantity)
                .set(PRODUCTS.VERSION, PRODUCT_VERSIONS.nextval())
                .where(PRODUCTS.NAME.eq(name))
                .and(PRODUCTS.VERSION.eq(expectedVersion))
                .returningResult(PRODUCTS.NAME, PRODUCTS.QUANTITY, PRODUCTS.VERSION)
                .fetchOptional(mapping(Product::new)));
        return new Upsert(replaced.orElseThrow(() -> new VersionMismatch(name)), false);
    }

    /** With an expected version, a missing product is a mismatch too (If-Match on nothing fails: 412). */
    @Override
    public Optional<Product> delete(String name, OptionalLong expectedVersion) {
        Condition atVersion = expectedVersion.isPresent()
                ? PRODUCTS.VERSION.eq(expectedVersion.getAsLong())
                : DSL.noCondition();
        Optional<Product> deleted = guard("delete", () -> dsl
                .deleteFrom(PRODUCTS)
                .where(PRODUCTS.NAME.eq(name))
                .and(atVersion)
                .returningResult(PRODUCTS.NAME, PRODUCTS.QUANTITY, PRODUCTS.VERSION)
                .fetchOptional(mapping(Product::new)));
        if (deleted.isEmpty() && expectedVersion.isPresent()) {
            throw new VersionMismatch(name);
        }
        return deleted;
    }

    /** Runs one statement; database failures leave as exceptions without SQL in their message. */
    private static <T> T guard(String operation, Supplier<T> statement) {
        try {
            return statement.get();
        } catch (DataAccessException e) {
            throw StorageErrors.translate(operation, e);
        }
    }
}
