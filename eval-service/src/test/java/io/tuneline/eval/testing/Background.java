package io.tuneline.eval.testing;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Work on a thread of its own, for tests where several deliveries block at once: the common pool may have a
 * single thread (two cores), or fewer threads than there are waiters.
 */
public final class Background {

    private Background() {
    }

    public static <T> CompletableFuture<T> supply(Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(work.get());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "test-background");
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    public static CompletableFuture<Void> run(Runnable work) {
        return supply(() -> {
            work.run();
            return null;
        });
    }
}
