package onebox.http;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import onebox.products.Product;
import onebox.products.ProductRepository;

/** The repository contract in memory, with switches to make it fail like a database can. */
final class InMemoryProductRepository implements ProductRepository {

    enum Failure { NONE, UNAVAILABLE, BUG }

    private final TreeMap<String, Product> products = new TreeMap<>();
    private volatile Failure failure = Failure.NONE;

    void failWith(Failure failure) {
        this.failure = failure;
    }

    @Override
    public synchronized List<Product> list(Optional<String> after, int limit) {
        check();
        var tail = after.map(name -> products.tailMap(name, false)).orElse(products);
        return tail.values().stream().limit(limit).toList();
    }

    @Override
    public synchronized Optional<Product> find(String name) {
        check();
        return Optional.ofNullable(products.get(name));
    }

    @Override
    public synchronized Map<String, Product> findAll(Set<String> names) {
        check();
        var found = new HashMap<String, Product>();
        names.forEach(name -> {
            Product product = products.get(name);
            if (product != null) {
                found.put(name, product);
            }
        });
        return found;
    }

    @Override
    public synchronized Optional<Product> create(String name, int quantity) {
        check();
        if (products.containsKey(name)) {
            return Optional.empty();
        }
        var product = new Product(name, quantity, 1);
        products.put(name, product);
        return Optional.of(product);
    }

    @Override
    public synchronized Upsert put(String name, int quantity, OptionalLong expectedVersion) {
        check();
        Product current = products.get(name);
        if (expectedVersion.isPresent() && (current == null || current.version() != expectedVersion.getAsLong())) {
            throw new VersionMismatch(name);
        }
        var next = new Product(name, quantity, current == null ? 1 : current.version() + 1);
        products.put(name, next);
        return new Upsert(next, current == null);
    }

    @Override
    public synchronized Optional<Product> delete(String name, OptionalLong expectedVersion) {
        check();
        Product current = products.get(name);
        if (expectedVersion.isPresent() && (current == null || current.version() != expectedVersion.getAsLong())) {
            throw new VersionMismatch(name);
        }
        return Optional.ofNullable(products.remove(name));
    }

    private void check() {
        switch (failure) {
            case NONE -> { }
            case UNAVAILABLE -> throw new StorageUnavailable("connection refused by db.example:5432",
                    new java.net.ConnectException("refused"));
            case BUG -> throw new IllegalStateException("SELECT name FROM products blew up");
        }
    }
}
