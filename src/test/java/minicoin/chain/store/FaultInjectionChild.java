package minicoin.chain.store;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child JVM of {@link FaultInjectionTest}: opens the store, then counts every write, force,
 * rename, delete and directory sync of its files and halts the JVM (no shutdown hooks, no
 * flushing: as a kill) right after the N-th. Meanwhile it commits, checkpoints and commits again,
 * printing "ack K" when commit K has returned. With N = 0 it never halts and lists the operations.
 *
 * <p>Usage: {@code FaultInjectionChild DATA_DIR N FIRST_COMMIT}
 */
public final class FaultInjectionChild {

    private FaultInjectionChild() {
    }

    public static void main(String[] args) {
        Path dataDir = Path.of(args[0]);
        long haltAfter = Long.parseLong(args[1]);
        int first = Integer.parseInt(args[2]);
        AtomicLong operations = new AtomicLong();
        boolean[] armed = {false};
        IoHook hook = (operation, file) -> {
            if (!armed[0]) {
                return;
            }
            long n = operations.incrementAndGet();
            if (haltAfter == 0) {
                System.out.println("op " + n + " " + operation + " " + file.getFileName());
            } else if (n == haltAfter) {
                System.out.println("halt after " + operation + " " + file.getFileName());
                System.out.flush();
                Runtime.getRuntime().halt(3);
            }
        };
        MapDbChainStore store = MapDbChainStore.open(dataDir, FaultWorkload.OPTIONS.withHook(hook));
        armed[0] = true;
        FaultWorkload.commit(store, first);
        System.out.println("ack " + first);
        store.checkpoint();
        FaultWorkload.commit(store, first + 1);
        System.out.println("ack " + (first + 1));
        store.close();
        System.out.println("ops " + operations.get());
        System.out.flush();
    }
}
