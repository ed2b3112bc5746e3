package onebox.products;

import static onebox.products.GatedRepository.WAIT_SECONDS;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Callers on threads of their own, let go at once, and bounded waits for what they asked. */
final class ManyCallers {

    interface Call<T> {
        CompletableFuture<T> ask(int caller, int call);
    }

    private ManyCallers() {}

    /** Every answer-to-be of {@code callers} threads making {@code callsEach} calls each, all started together. */
    static <T> List<CompletableFuture<T>> callTogether(int callers, int callsEach, Call<T> call) throws InterruptedException {
        List<CompletableFuture<T>> all = new CopyOnWriteArrayList<>();
        var start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            int caller = c;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < callsEach; i++) {
                    all.add(call.ask(caller, i));
                }
            }));
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        }
        return all;
    }

    /** The answer, waited for no longer than {@link GatedRepository#WAIT_SECONDS}. */
    static <T> T answer(CompletableFuture<T> asked) throws Exception {
        return asked.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
