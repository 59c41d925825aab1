package minicoin.chain.store;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import minicoin.chain.SignatureVerifier;
import minicoin.chain.TestBlocks;

/**
 * The child JVM of {@link LegacyImportTest}: starts the import of {@code DATA_DIR/chain.db} and
 * halts the JVM (as a kill: no shutdown hooks, nothing flushed) right after the N-th force of a
 * journal segment, that is in the middle of the import.
 *
 * <p>Usage: {@code LegacyImportKillChild DATA_DIR N}
 */
public final class LegacyImportKillChild {

    private LegacyImportKillChild() {
    }

    public static void main(String[] args) {
        Path dataDir = Path.of(args[0]);
        long haltAfter = Long.parseLong(args[1]);
        AtomicLong forces = new AtomicLong();
        IoHook hook = (operation, file) -> {
            if (operation.equals("force") && file.getFileName().toString().startsWith(Journal.PREFIX)
                    && forces.incrementAndGet() == haltAfter) {
                Runtime.getRuntime().halt(3);
            }
        };
        ChainStores.open(dataDir, TestBlocks.PARAMS, SignatureVerifier.withDefaults(),
                MapDbChainStore.Options.DEFAULTS.withHook(hook)).close();
        System.out.println("finished without a halt after " + forces.get() + " journal forces");
    }
}
