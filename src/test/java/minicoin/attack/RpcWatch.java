package minicoin.attack;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import minicoin.testing.ChildNode;

/**
 * Asks a node {@code getblockcount} every {@value #INTERVAL_MILLIS} ms while an attack runs and keeps
 * each latency, so a test can show the node kept serving RPC: a call that fails or gets no answer
 * counts as a failure, not as a latency.
 */
public final class RpcWatch implements AutoCloseable {

    static final long INTERVAL_MILLIS = 100;

    private final ChildNode node;
    private final List<Double> millis = new ArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile String lastFailure = "";

    public RpcWatch(ChildNode node) {
        this.node = node;
        this.thread = new Thread(this::run, "rpc-watch-" + node.name());
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            try {
                double latency = node.rpcMillis();
                synchronized (millis) {
                    millis.add(latency);
                }
            } catch (RuntimeException e) {
                if (running) {
                    failures.incrementAndGet();
                    lastFailure = e.toString();
                }
            }
            try {
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The 95th percentile of the answered calls, in milliseconds (0 when none was answered). */
    public double p95Millis() {
        List<Double> sorted;
        synchronized (millis) {
            sorted = new ArrayList<>(millis);
        }
        if (sorted.isEmpty()) {
            return 0;
        }
        sorted.sort(Double::compare);
        return sorted.get((int) Math.ceil(0.95 * sorted.size()) - 1);
    }

    public int answered() {
        synchronized (millis) {
            return millis.size();
        }
    }

    public String lastFailure() {
        return lastFailure;
    }

    public int failures() {
        return failures.get();
    }

    @Override
    public String toString() {
        return String.format("%d calls answered, p95 %.1f ms, %d failed%s", answered(), p95Millis(), failures(),
                failures() > 0 ? " (last: " + lastFailure + ")" : "");
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5_000);
    }
}
