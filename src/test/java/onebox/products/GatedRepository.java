package onebox.products;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * The reads as a database would answer them, with a gate that holds statements in flight, a
 * switch that fails the next one, and a record of what ran and how much of it at once. Every
 * name exists (quantity 1) except "missing"; a page's products carry the number of its
 * statement as their quantity, so a test sees which statement answered it.
 */
final class GatedRepository implements ProductRepository {

    /** Bounds every wait so that a broken line fails the test instead of hanging it. */
    static final long WAIT_SECONDS = 10;

    final List<Set<String>> finds = new CopyOnWriteArrayList<>();
    final List<String> pages = new CopyOnWriteArrayList<>();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, AtomicInteger> inFlightPerPage = new ConcurrentHashMap<>();
    final AtomicInteger mostAtOncePerPage = new AtomicInteger();
    private final Semaphore started = new Semaphore(0);
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile boolean failNext;

    static Product product(String name) {
        return new Product(name, 1, 1);
    }

    void close() {
        gate = new CountDownLatch(1);
    }

    void open() {
        gate.countDown();
    }

    /** Fails the next statement that is not the first one. */
    void failNext() {
        failNext = true;
    }

    void awaitStatement() throws InterruptedException {
        assertTrue(started.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS), "no statement started");
    }

    @Override
    public Map<String, Product> findAll(Set<String> names) {
        finds.add(Set.copyOf(names));
        return statement(finds.size(), () -> {
            var found = new HashMap<String, Product>();
            names.stream().filter(name -> !name.equals("missing")).forEach(name -> found.put(name, product(name)));
            return found;
        });
    }

    /** {@code limit} products named after the page and numbered, e.g. "a-0", "a-1". */
    @Override
    public List<Product> list(Optional<String> after, int limit) {
        String page = after.orElse("") + ":" + limit;
        pages.add(page);
        int statement = pages.size();
        AtomicInteger onThisPage = inFlightPerPage.computeIfAbsent(page, key -> new AtomicInteger());
        mostAtOncePerPage.accumulateAndGet(onThisPage.incrementAndGet(), Math::max);
        try {
            return statement(statement, () -> IntStream.range(0, limit)
                    .mapToObj(i -> new Product(after.orElse("") + "-" + i, statement, 1)).toList());
        } finally {
            onThisPage.decrementAndGet();
        }
    }

    private <T> T statement(int number, Supplier<T> answer) {
        mostAtOnce.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            started.release();
            if (!gate.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the gate stayed closed");
            }
            if (failNext && number > 1) {
                failNext = false;
                throw new StorageUnavailable("database down", null);
            }
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public Optional<Product> find(String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Product> create(String name, int quantity) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Upsert put(String name, int quantity, OptionalLong expectedVersion) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Product> delete(String name, OptionalLong expectedVersion) {
        throw new UnsupportedOperationException();
    }
}
