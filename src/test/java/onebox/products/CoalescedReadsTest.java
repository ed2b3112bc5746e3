package onebox.products;

import static onebox.products.GatedRepository.WAIT_SECONDS;
import static onebox.products.GatedRepository.product;
import static onebox.products.ManyCallers.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CoalescedReadsTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final GatedRepository repository = new GatedRepository();
    private final CoalescedReads reads = new CoalescedReads(repository);

    @AfterEach
    void stop() {
        repository.open();
        executor.shutdownNow();
    }

    @Test
    void readsThatArriveWhileAStatementRunsShareTheNextOne() throws Exception {
        repository.close();
        var first = reads.find("p1", executor);
        repository.awaitStatement();
        List<String> names = List.of("p2", "p3", "p2", "missing", "p4");
        List<CompletableFuture<Optional<Product>>> waiting = names.stream().map(name -> reads.find(name, executor)).toList();

        repository.open();

        assertEquals(Optional.of(product("p1")), answer(first));
        for (int i = 0; i < names.size(); i++) {
            Optional<Product> expected = names.get(i).equals("missing") ? Optional.empty() : Optional.of(product(names.get(i)));
            assertEquals(expected, answer(waiting.get(i)), names.get(i));
        }
        assertEquals(List.of(Set.of("p1"), Set.of("p2", "p3", "missing", "p4")), repository.finds);
    }

    @Test
    void aLongLineIsTakenInStatementsOfAtMostMaxBatchNames() throws Exception {
        repository.close();
        var first = reads.find("first", executor);
        repository.awaitStatement();
        int lineLength = 2 * CoalescedReads.MAX_BATCH + 10;
        List<CompletableFuture<Optional<Product>>> waiting = IntStream.range(0, lineLength)
                .mapToObj(i -> reads.find("p" + i, executor)).toList();

        repository.open();

        answer(first);
        for (int i = 0; i < lineLength; i++) {
            assertEquals(Optional.of(product("p" + i)), answer(waiting.get(i)));
        }
        assertEquals(List.of(1, CoalescedReads.MAX_BATCH, CoalescedReads.MAX_BATCH, 10),
                repository.finds.stream().map(Set::size).toList());
    }

    @Test
    void aFailedStatementFailsEachReadOfItsBatchAndTheNextBatchRuns() throws Exception {
        repository.close();
        var first = reads.find("p1", executor);
        repository.awaitStatement();
        var second = reads.find("p2", executor);
        var third = reads.find("p3", executor);
        repository.failNext();

        repository.open();

        assertEquals(Optional.of(product("p1")), answer(first));
        for (var failed : List.of(second, third)) {
            var thrown = assertThrows(ExecutionException.class, () -> failed.get(WAIT_SECONDS, TimeUnit.SECONDS));
            assertInstanceOf(ProductRepository.StorageUnavailable.class, thrown.getCause());
        }
        assertEquals(Optional.of(product("p4")), answer(reads.find("p4", executor)));
    }

    @Test
    void anExecutorThatRefusesFailsTheReadAndLeavesNoBatchMarkedRunning() throws Exception {
        var refused = reads.find("p1", task -> {
            throw new RejectedExecutionException("shutting down");
        });
        var thrown = assertThrows(ExecutionException.class, () -> refused.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertInstanceOf(RejectedExecutionException.class, thrown.getCause());

        assertEquals(Optional.of(product("p2")), answer(reads.find("p2", executor)));
    }

    @Test
    void manyReadersAreAllAnsweredWithOneStatementAtATime() throws Exception {
        int readers = 8;
        int readsEach = 500;
        var all = ManyCallers.callTogether(readers, readsEach, (reader, i) -> reads.find("r" + reader + "-" + i, executor));

        assertEquals(readers * readsEach, all.size());
        for (var read : all) {
            assertTrue(answer(read).isPresent());
        }
        assertEquals(1, repository.mostAtOnce.get(), "statements in flight at once");
        assertEquals(readers * readsEach, repository.finds.stream().mapToInt(Set::size).sum());
    }
}
