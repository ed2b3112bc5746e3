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
    /** A page is here while its statement runs. */
    private final ConcurrentMap<Page, Line> running = new ConcurrentHashMap<>();

    private record Page(Optional<String> after, int limit) {}

    /** The requests for one page. Changed only inside the map's atomic methods, which lock the page. */
    private static final class Line {
        private List<CompletableFuture<List<Product>>> next = new ArrayList<>();
        private List<CompletableFuture<List<Product>>> round = List.of();

        private Line join(Line later) {
            next.addAll(later.next);
            return this;
        }

        /** Moves the requests waiting for the next statement into this round; false when none wait. */
        private boolean startRound() {
            round = next;
            next = new ArrayList<>();
            return !round.isEmpty();
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
        // The request that finds its page idle starts it; the others wait for its next round.
        if (running.merge(page, mine, Line::join) == mine) {
            try {
                executor.execute(() -> runWhileWaiting(page));
            } catch (RejectedExecutionException shuttingDown) {
                running.remove(page).next.forEach(request -> request.completeExceptionally(shuttingDown));
            }
        }
        return result;
    }

    /** Keeps answering the page while requests wait for it, so a busy page pays no hand-off per round. */
    private void runWhileWaiting(Page page) {
        for (var round = nextRound(page); !round.isEmpty(); round = nextRound(page)) {
            List<Product> found;
            try {
                found = repository.list(page.after(), page.limit());
            } catch (Throwable failure) {
                round.forEach(request -> request.completeExceptionally(failure));
                continue;
            }
            // One list for the whole round, which no one can change.
            List<Product> shared = List.copyOf(found);
            round.forEach(request -> request.complete(shared));
        }
    }

    /** The requests the next statement answers; none once the page is idle, which then leaves the map. */
    private List<CompletableFuture<List<Product>>> nextRound(Page page) {
        Line line = running.computeIfPresent(page, (key, waiting) -> waiting.startRound() ? waiting : null);
        return line == null ? List.of() : line.round;
    }
}
