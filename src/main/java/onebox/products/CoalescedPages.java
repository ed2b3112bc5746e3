package onebox.products;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Requests for the same page that arrive while that page's statement runs share the next
 * statement. Each page has at most one statement running; different pages run side by side.
 * A quiet server sends each request's statement at once; a busy one, where many clients ask
 * for the same page (the first, usually), sends one statement per round for all of them.
 *
 * <p>Every request still sees each write that finished before it was asked for: it waits for
 * a statement that starts after it joined, never for one already running.
 *
 * <p>Why: k6's load.js puts 1000 clients on the first page, and one statement and 50 rows per
 * request kept the list at a quarter of what PostgreSQL answers (issue 6).
 */
public final class CoalescedPages {

    private final ProductRepository repository;
    /** A page is here from the request that schedules its statement until a round ends with nobody waiting. */
    private final ConcurrentMap<Page, Line> running = new ConcurrentHashMap<>();

    private record Page(Optional<String> after, int limit) {}

    /** The requests for one page. Changed only inside the map's atomic methods, which lock the page. */
    private static final class Line {
        /** The requests that wait for the next statement. */
        private List<CompletableFuture<List<Product>>> next = new ArrayList<>();
        /** The requests of the statement in flight, read only by the thread that runs it. */
        private List<CompletableFuture<List<Product>>> round = List.of();

        private Line join(Line later) {
            next.addAll(later.next);
            return this;
        }

        private Line startRound() {
            round = next;
            next = new ArrayList<>();
            return this;
        }
    }

    public CoalescedPages(ProductRepository repository) {
        this.repository = repository;
    }

    /**
     * {@link ProductRepository#list}, run on {@code executor} (which may block); never blocks
     * the caller. Fails with the repository's exception when the statement fails.
     */
    public CompletableFuture<List<Product>> list(Optional<String> after, int limit, Executor executor) {
        var page = new Page(after, limit);
        var result = new CompletableFuture<List<Product>>();
        var mine = new Line();
        mine.next.add(result);
        // The request that finds its page idle schedules its statement; the others wait for it.
        if (running.merge(page, mine, Line::join) == mine) {
            schedule(page, executor);
        }
        return result;
    }

    private void schedule(Page page, Executor executor) {
        try {
            executor.execute(() -> runRound(page, executor));
        } catch (RejectedExecutionException shuttingDown) {
            running.remove(page).next.forEach(request -> request.completeExceptionally(shuttingDown));
        }
    }

    /**
     * One statement for every request waiting for the page. The next round, if requests came
     * meanwhile, queues behind the executor's other work: busy pages must not hold every worker.
     */
    private void runRound(Page page, Executor executor) {
        answer(running.computeIfPresent(page, (key, line) -> line.startRound()).round, page);
        // Idle when nobody joined meanwhile: the page leaves the map, and its next request starts it anew.
        if (running.computeIfPresent(page, (key, line) -> line.next.isEmpty() ? null : line) != null) {
            schedule(page, executor);
        }
    }

    private void answer(List<CompletableFuture<List<Product>>> round, Page page) {
        List<Product> shared;
        try {
            // One list for the whole round, which no one can change.
            shared = List.copyOf(repository.list(page.after(), page.limit()));
        } catch (Throwable failure) {
            round.forEach(request -> request.completeExceptionally(failure));
            return;
        }
        round.forEach(request -> request.complete(shared));
    }
}
