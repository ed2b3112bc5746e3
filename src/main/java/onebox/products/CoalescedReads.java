package onebox.products;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Point reads that arrive together share one statement. One batch runs at a time: a read that
 * finds none running starts one on the executor; otherwise it waits in line, and the running
 * batch takes everything in line as its next statement ({@link ProductRepository#findAll}). So
 * reads go to PostgreSQL one by one when the server is quiet and in groups when it is busy,
 * and no read waits for a timer.
 *
 * <p>Every read still sees each write that finished before it was asked for: a batch is
 * taken from the line before its statement starts.
 *
 * <p>Why: one blocking round trip per read cost more than the read itself (issue 6's profile:
 * four thread hand-offs per read, half of the CPU in system calls), and PostgreSQL answers
 * {@code name = ANY(?)} for many names for little more than for one. Why one batch at a time:
 * on the 2-core machine of issue 6, two or four at once made smaller batches and cost more CPU
 * per read (about 55 µs of onebox's CPU per read with one, 70–80 with two), for fewer reads
 * per second.
 */
public final class CoalescedReads {

    /** The most names one statement asks for; a longer line is taken in several statements. */
    static final int MAX_BATCH = 256;

    private final ProductRepository repository;
    private final Queue<Lookup> line = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();

    private record Lookup(String name, CompletableFuture<Optional<Product>> result) {}

    public CoalescedReads(ProductRepository repository) {
        this.repository = repository;
    }

    /**
     * The product of this name, looked up on {@code executor} (which may block), or empty; never
     * blocks the caller. Fails with the repository's exception when the statement fails.
     */
    public CompletableFuture<Optional<Product>> find(String name, Executor executor) {
        var lookup = new Lookup(name, new CompletableFuture<>());
        line.add(lookup);
        startIfIdle(executor);
        return lookup.result();
    }

    private void startIfIdle(Executor executor) {
        // Without a batch running, the reader that wins this flag starts one; the others are in line for it.
        if (line.isEmpty() || !running.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(() -> runWhileQueued(executor));
        } catch (RejectedExecutionException shuttingDown) {
            running.set(false);
            failAll(shuttingDown);
        }
    }

    /** Keeps taking the line while there is one, so a busy server pays no hand-off per batch. */
    private void runWhileQueued(Executor executor) {
        try {
            for (List<Lookup> batch = take(); !batch.isEmpty(); batch = take()) {
                run(batch);
            }
        } finally {
            running.set(false);
            // A read may have joined the line after the last take and found the flag still set.
            startIfIdle(executor);
        }
    }

    private List<Lookup> take() {
        List<Lookup> batch = new ArrayList<>();
        for (Lookup next; batch.size() < MAX_BATCH && (next = line.poll()) != null; ) {
            batch.add(next);
        }
        return batch;
    }

    private void run(List<Lookup> batch) {
        Map<String, Product> found;
        try {
            found = repository.findAll(batch.stream().map(Lookup::name).collect(Collectors.toSet()));
        } catch (Throwable failure) {
            // Every read of the batch answers with the failure (503 for an unavailable database).
            batch.forEach(lookup -> lookup.result().completeExceptionally(failure));
            return;
        }
        batch.forEach(lookup -> lookup.result().complete(Optional.ofNullable(found.get(lookup.name()))));
    }

    private void failAll(Throwable failure) {
        for (Lookup next; (next = line.poll()) != null; ) {
            next.result().completeExceptionally(failure);
        }
    }
}
