package onebox.products;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import onebox.db.Database;
import onebox.products.ProductRepository.Upsert;
import onebox.products.ProductRepository.VersionMismatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every ProductRepository on a real PostgreSQL must do; subclasses say which server. */
abstract class ProductRepositoryContract {

    private ProductRepository products;

    abstract Database database();

    @BeforeEach
    void emptyTable() {
        database().dsl().execute("TRUNCATE products");
        products = new JooqProductRepository(database().dsl());
    }

    @Test
    void listIsOrderedByCodePointAndPagedByCursor() {
        for (String name : List.of("b", "a", "B", "ä", "a b", "c")) {
            products.create(name, 1);
        }

        assertEquals(List.of("B", "a", "a b", "b", "c", "ä"), names(products.list(Optional.empty(), 10)));
        assertEquals(List.of("B", "a"), names(products.list(Optional.empty(), 2)));
        assertEquals(List.of("a b", "b"), names(products.list(Optional.of("a"), 2)));
        assertEquals(List.of("ä"), names(products.list(Optional.of("c"), 2)));
        assertEquals(List.of(), names(products.list(Optional.of("ä"), 2)));
        assertEquals(List.of("a b", "b"), names(products.list(Optional.of("a "), 2)), "cursor need not exist");
    }

    @Test
    void createReturnsTheProductAndEmptyForADuplicate() {
        Product created = products.create("apple", 3).orElseThrow();

        assertEquals("apple", created.name());
        assertEquals(3, created.quantity());
        assertEquals(Optional.empty(), products.create("apple", 5));
        assertEquals(Optional.of(created), products.find("apple"));
    }

    @Test
    void namesAreCaseSensitive() {
        products.create("Apple", 1);

        assertTrue(products.create("apple", 2).isPresent());
        assertEquals(Optional.empty(), products.find("APPLE"));
    }

    @Test
    void putCreatesThenReplacesWithAGreaterVersion() {
        Upsert created = products.put("pear", 1, OptionalLong.empty());
        Upsert replaced = products.put("pear", 9, OptionalLong.empty());

        assertTrue(created.created());
        assertFalse(replaced.created());
        assertEquals(9, replaced.product().quantity());
        assertTrue(replaced.product().version() > created.product().version());
        assertEquals(Optional.of(replaced.product()), products.find("pear"));
    }

    @Test
    void putWithTheCurrentVersionReplaces() {
        Product current = products.create("fig", 1).orElseThrow();

        Upsert replaced = products.put("fig", 2, OptionalLong.of(current.version()));

        assertFalse(replaced.created());
        assertEquals(2, replaced.product().quantity());
        assertTrue(replaced.product().version() > current.version());
    }

    @Test
    void putWithAStaleVersionIsAMismatchAndChangesNothing() {
        Product old = products.create("fig", 1).orElseThrow();
        Product current = products.put("fig", 2, OptionalLong.empty()).product();

        assertThrows(VersionMismatch.class, () -> products.put("fig", 3, OptionalLong.of(old.version())));
        assertThrows(VersionMismatch.class, () -> products.put("missing", 3, OptionalLong.of(old.version())));
        assertEquals(Optional.of(current), products.find("fig"));
        assertEquals(Optional.empty(), products.find("missing"));
    }

    @Test
    void deleteReturnsTheDeletedProductOrEmptyWhenMissing() {
        Product kiwi = products.create("kiwi", 4).orElseThrow();

        assertEquals(Optional.of(kiwi), products.delete("kiwi", OptionalLong.empty()));
        assertEquals(Optional.empty(), products.delete("kiwi", OptionalLong.empty()));
        assertEquals(Optional.empty(), products.find("kiwi"));
    }

    @Test
    void deleteHonoursTheExpectedVersion() {
        Product kiwi = products.create("kiwi", 4).orElseThrow();

        assertThrows(VersionMismatch.class, () -> products.delete("kiwi", OptionalLong.of(kiwi.version() + 1)));
        assertEquals(Optional.of(kiwi), products.find("kiwi"));
        assertEquals(Optional.of(kiwi), products.delete("kiwi", OptionalLong.of(kiwi.version())));
        assertThrows(VersionMismatch.class, () -> products.delete("kiwi", OptionalLong.of(kiwi.version())));
    }

    @Test
    void recreatedProductNeverReusesAnOldVersion() {
        Product first = products.create("plum", 1).orElseThrow();
        products.delete("plum", OptionalLong.empty());
        Product second = products.create("plum", 1).orElseThrow();

        assertTrue(second.version() > first.version());
        assertThrows(VersionMismatch.class, () -> products.put("plum", 2, OptionalLong.of(first.version())));
    }

    @Test
    void awkwardNamesAreStoredVerbatim() {
        List<String> names = List.of("a/b", "../etc/passwd", "it's", "\"quoted\"", "x'; DROP TABLE products; --",
                "100% _match_ \\", "emoji 🍎🧑‍🍳", "日本語", " spaced ", "x".repeat(200));
        for (String name : names) {
            assertEquals(name, products.create(name, 1).orElseThrow().name());
        }

        for (String name : names) {
            assertEquals(name, products.find(name).orElseThrow().name());
        }
        assertEquals(names.size(), products.list(Optional.empty(), 100).size());
        assertEquals(Optional.empty(), products.find("100% _match_ %"), "LIKE wildcards are not special");
    }

    @Test
    void findAllAnswersEveryNameInOneCallAndLeavesOutTheMissing() {
        List<String> names = List.of("a", "A", "a/b", "it's", "100% _match_ \\", "emoji 🍎", "x".repeat(200));
        for (String name : names) {
            products.create(name, name.length());
        }

        Map<String, Product> found = products.findAll(Set.of("a", "it's", "100% _match_ \\", "emoji 🍎",
                "x".repeat(200), "missing", "%", "a%"));

        assertEquals(Set.of("a", "it's", "100% _match_ \\", "emoji 🍎", "x".repeat(200)), found.keySet());
        found.forEach((name, product) -> assertEquals(products.find(name), Optional.of(product)));
        assertEquals(Map.of(), products.findAll(Set.of()));
        assertEquals(Map.of(), products.findAll(Set.of("B", "nothing")));
    }

    @Test
    void batchedReadIsPlannedOncePerConnection() {
        for (int i = 1; i <= 8; i++) {
            products.create("p" + i, i);
        }
        // pgjdbc prepares a statement on the server from its fifth run; PostgreSQL's own choice
        // would then plan a batch of fewer than 10 names afresh every time.
        for (int run = 0; run < 12; run++) {
            Set<String> names = new HashSet<>();
            for (int i = 1; i <= 1 + run % 8; i++) {
                names.add("p" + i);
            }
            assertEquals(names, products.findAll(names).keySet());
        }

        // Hikari lends this thread the connection it used last, where the statement was prepared.
        var plans = database().dsl().fetchOne(
                "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE '%= any (%'");
        assertNotNull(plans, "the batched read is not prepared on the connection this thread used");
        assertEquals(0L, plans.get("custom_plans", Long.class), "plans made for one run only");
        assertTrue(plans.get("generic_plans", Long.class) > 0, "runs of the plan made once");
    }

    @Test
    void quantityBoundsAreStored() {
        assertEquals(Integer.MAX_VALUE, products.create("max", Integer.MAX_VALUE).orElseThrow().quantity());
        assertEquals(0, products.create("zero", 0).orElseThrow().quantity());
    }

    private static List<String> names(List<Product> list) {
        return list.stream().map(Product::name).toList();
    }
}
