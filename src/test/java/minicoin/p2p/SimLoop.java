package minicoin.p2p;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * A single-threaded event loop with a clock the test moves: what the peer verticle's event loop is
 * to the real peers. Bytes, chain answers and deferred tasks all become tasks on it.
 */
final class SimLoop implements Executor {

    /** A runaway exchange (two peers ping-ponging forever) fails the test instead of hanging it. */
    private static final int MAX_TASKS_PER_RUN = 5_000_000;

    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private long nowMillis = 1_000_000;

    long now() {
        return nowMillis;
    }

    void advance(long millis) {
        nowMillis += millis;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    /** A stage completed by a later task, as a reply from the bus completes on the loop. */
    <T> CompletionStage<T> later(Supplier<T> answer) {
        CompletableFuture<T> future = new CompletableFuture<>();
        tasks.add(() -> {
            T value;
            try {
                value = answer.get();
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
                return;
            }
            future.complete(value);
        });
        return future;
    }

    /** Runs tasks until none is left. */
    void runUntilIdle() {
        int count = 0;
        while (!tasks.isEmpty()) {
            if (++count > MAX_TASKS_PER_RUN) {
                throw new AssertionError("the simulated network did not settle");
            }
            tasks.poll().run();
        }
    }
}
