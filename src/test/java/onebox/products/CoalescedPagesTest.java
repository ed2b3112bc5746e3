package onebox.products;

import static onebox.products.GatedRepository.WAIT_SECONDS;
import static onebox.products.ManyCallers.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CoalescedPagesTest {

    private static final Optional<String> FIRST = Optional.empty();

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final GatedRepository repository = new GatedRepository();
    private final CoalescedPages pages = new CoalescedPages(repository);

    @AfterEach
    void stop() {
        repository.open();
        executor.shutdownNow();
    }

    @Test
    void requestsThatArriveWhileTheirPageRunsShareItsNextStatementNotTheRunningOne() throws Exception {
        repository.close();
        var first = pages.list(FIRST, 3, executor);
        repository.awaitStatement();
        List<CompletableFuture<List<Product>>> waiting = IntStream.range(0, 5).mapToObj(i -> pages.list(FIRST, 3, executor)).toList();

        repository.open();

        // The quantity is the number of the statement that answered.
        assertEquals(List.of(1, 1, 1), answer(first).stream().map(Product::quantity).toList());
        List<Product> shared = answer(waiting.getFirst());
        assertEquals(List.of(2, 2, 2), shared.stream().map(Product::quantity).toList());
        for (var request : waiting) {
            assertSame(shared, answer(request));
        }
        assertEquals(List.of(":3", ":3"), repository.pages);
    }

    @Test
    void differentPagesRunSideBySide() throws Exception {
        repository.close();
        var first = pages.list(FIRST, 3, executor);
        var afterB = pages.list(Optional.of("b"), 3, executor);
        var longer = pages.list(FIRST, 4, executor);
        for (int i = 0; i < 3; i++) {
            repository.awaitStatement(); // all three are in flight while the gate is closed
        }

        repository.open();

        assertEquals(List.of("-0", "-1", "-2"), answer(first).stream().map(Product::name).toList());
        assertEquals(List.of("b-0", "b-1", "b-2"), answer(afterB).stream().map(Product::name).toList());
        assertEquals(4, answer(longer).size());
        assertEquals(3, repository.mostAtOnce.get());
    }

    @Test
    void aBusyPagesNextRoundQueuesBehindOtherWorkSoItCannotHoldAWorker() throws Exception {
        var oneWorker = Executors.newSingleThreadExecutor();
        try {
            repository.close();
            var first = pages.list(FIRST, 3, oneWorker);
            repository.awaitStatement();
            var second = pages.list(FIRST, 3, oneWorker);
            List<String> order = new CopyOnWriteArrayList<>();
            oneWorker.execute(() -> order.add("other work"));
            var secondAnswered = second.thenRun(() -> order.add("second round"));

            repository.open();

            answer(first);
            secondAnswered.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals(List.of("other work", "second round"), order);
        } finally {
            oneWorker.shutdownNow();
        }
    }

    @Test
    void aFailedStatementFailsItsRoundAndThePageIsAnsweredAgainAfterwards() throws Exception {
        repository.close();
        var first = pages.list(FIRST, 3, executor);
        repository.awaitStatement();
        var second = pages.list(FIRST, 3, executor);
        var third = pages.list(FIRST, 3, executor);
        repository.failNext();

        repository.open();

        assertEquals(3, answer(first).size());
        for (var failed : List.of(second, third)) {
            var thrown = assertThrows(ExecutionException.class, () -> failed.get(WAIT_SECONDS, TimeUnit.SECONDS));
            assertInstanceOf(ProductRepository.StorageUnavailable.class, thrown.getCause());
        }
        assertEquals(3, answer(pages.list(FIRST, 3, executor)).size());
    }

    @Test
    void anExecutorThatRefusesFailsTheRequestAndLeavesThePageIdle() throws Exception {
        var refused = pages.list(FIRST, 3, task -> {
            throw new RejectedExecutionException("shutting down");
        });
        var thrown = assertThrows(ExecutionException.class, () -> refused.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertInstanceOf(RejectedExecutionException.class, thrown.getCause());

        assertEquals(3, answer(pages.list(FIRST, 3, executor)).size());
    }

    @Test
    void manyClientsOnTwoPagesAreAllAnsweredWithOneStatementPerPageAtATime() throws Exception {
        int clients = 8;
        int requestsEach = 500;
        var all = ManyCallers.callTogether(clients, requestsEach,
                (client, i) -> pages.list(client % 2 == 0 ? FIRST : Optional.of("b"), 2, executor));

        assertEquals(clients * requestsEach, all.size());
        for (var request : all) {
            assertEquals(2, answer(request).size());
        }
        assertEquals(1, repository.mostAtOncePerPage.get(), "statements of one page in flight at once");
    }
}
