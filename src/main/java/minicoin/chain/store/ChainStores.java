package minicoin.chain.store;

import java.nio.file.Path;
import java.util.function.LongSupplier;
import minicoin.chain.SignatureVerifier;
import minicoin.core.ConsensusParams;

/**
 * How the node opens its chain store: with the consensus rules at hand, so that an index that
 * cannot be recovered is rebuilt from the block files, and an old {@code chain.db} is imported.
 */
public final class ChainStores {

    private ChainStores() {
    }

    /**
     * Opens {@code dataDir/chain}, rebuilding its index from the block files when it must, and
     * imports {@code dataDir/chain.db} (the SQLite store of earlier versions) when there is one.
     * Checkpoints come often enough for this JVM's heap ({@link MapDbChainStore.Options#forHeap}).
     */
    public static MapDbChainStore open(Path dataDir, ConsensusParams params, SignatureVerifier verifier) {
        return open(dataDir, params, verifier, MapDbChainStore.Options.forHeap(Runtime.getRuntime().maxMemory()));
    }

    public static MapDbChainStore open(Path dataDir, ConsensusParams params, SignatureVerifier verifier,
            MapDbChainStore.Options options) {
        LongSupplier clock = () -> System.currentTimeMillis() / 1000;
        MapDbChainStore store = MapDbChainStore.open(dataDir, options, new BlockFileRebuild(params, verifier, clock));
        try {
            new LegacyImport(dataDir, params, verifier, clock).importInto(store);
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }
}
