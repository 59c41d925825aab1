package minicoin.p2p;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The proof worker of a simulated node: each signature or verification is a later task on the
 * {@link SimLoop}, as the worker's answer comes back to the event loop. A test may hold the tasks
 * to look at a peer while its proof is under way, then release them.
 */
final class SimProofWorker implements ProofCrypto.Worker {

    private record Task(Supplier<?> work, CompletableFuture<Object> result) {
    }

    private final SimLoop loop;
    private final List<Task> held = new ArrayList<>();
    private boolean holding;
    private int started;

    SimProofWorker(SimLoop loop) {
        this.loop = loop;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> CompletionStage<T> run(Supplier<T> work) {
        started++;
        if (!holding) {
            return loop.later(work);
        }
        CompletableFuture<Object> result = new CompletableFuture<>();
        held.add(new Task(work, result));
        return (CompletionStage<T>) result;
    }

    /** From now on, tasks wait for {@link #release}. */
    void hold() {
        holding = true;
    }

    /** Tasks handed to the worker since the node started, held or not. */
    int started() {
        return started;
    }

    /** Tasks waiting for {@link #release}. */
    int held() {
        return held.size();
    }

    /** Runs the tasks held so far, each answering in a later loop task; later ones are still held. */
    void release() {
        List<Task> tasks = List.copyOf(held);
        held.clear();
        for (Task task : tasks) {
            loop.execute(() -> task.result().complete(task.work().get()));
        }
    }

    /** Stops holding and releases what was held. */
    void resume() {
        holding = false;
        release();
    }
}
