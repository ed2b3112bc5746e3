package onebox.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs every readiness check at once, each on its own thread, and waits for all of them
 * within one deadline: a hung database makes /readyz say so, not hang with it.
 */
final class Readiness {

    /** Each check's verdict: empty when ready, otherwise the problem. */
    record Verdict(Map<String, Optional<String>> checks) {
        boolean ready() {
            return checks.values().stream().allMatch(Optional::isEmpty);
        }
    }

    private final Supplier<List<ReadinessCheck>> checks;
    private final ExecutorService executor;
    private final Duration timeout;

    Readiness(Supplier<List<ReadinessCheck>> checks, ExecutorService executor, Duration timeout) {
        this.checks = checks;
        this.executor = executor;
        this.timeout = timeout;
    }

    Verdict evaluate() {
        List<ReadinessCheck> all = checks.get();
        List<Future<Optional<String>>> futures = new ArrayList<>();
        for (ReadinessCheck check : all) {
            futures.add(executor.submit(check::problem));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Optional<String>> verdicts = new LinkedHashMap<>();
        for (int i = 0; i < all.size(); i++) {
            verdicts.put(all.get(i).name(), await(futures.get(i), deadline));
        }
        return new Verdict(verdicts);
    }

    private Optional<String> await(Future<Optional<String>> future, long deadline) {
        try {
            Optional<String> problem = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return problem == null ? Optional.empty() : problem;
        } catch (TimeoutException e) {
            future.cancel(true);
            return Optional.of("no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            return Optional.of("check failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while waiting for the check");
        }
    }
}
