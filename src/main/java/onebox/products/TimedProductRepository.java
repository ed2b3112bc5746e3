package onebox.products;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import onebox.observability.QueryMetrics;

/**
 * Times every repository call for {@code onebox_db_query_duration_seconds}, one fixed
 * operation name per method, so the storage code itself stays free of metrics.
 */
public final class TimedProductRepository implements ProductRepository {

    private final ProductRepository delegate;
    private final QueryMetrics queries;

    public TimedProductRepository(ProductRepository delegate, QueryMetrics queries) {
        this.delegate = delegate;
        this.queries = queries;
    }

    @Override
    public List<Product> list(Optional<String> after, int limit) {
        return queries.time("product_list", () -> delegate.list(after, limit));
    }

    @Override
    public Optional<Product> find(String name) {
        return queries.time("product_find", () -> delegate.find(name));
    }

    @Override
    public Map<String, Product> findAll(Set<String> names) {
        return queries.time("product_find_all", () -> delegate.findAll(names));
    }

    @Override
    public Optional<Product> create(String name, int quantity) {
        return queries.time("product_create", () -> delegate.create(name, quantity));
    }

    @Override
    public Upsert put(String name, int quantity, OptionalLong expectedVersion) {
        return queries.time("product_put", () -> delegate.put(name, quantity, expectedVersion));
    }

    @Override
    public Optional<Product> delete(String name, OptionalLong expectedVersion) {
        return queries.time("product_delete", () -> delegate.delete(name, expectedVersion));
    }
}
