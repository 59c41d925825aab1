package minicoin.chain.store;

import java.nio.file.Path;
import java.util.function.LongSupplier;
import minicoin.chain.SignatureVerifier;
import minicoin.core.ConsensusParams;

/**
 * How the node opens its chain store: with the consensus rules at hand, so that an index that
 * cannot be recovered is rebuilt from the block files.
 */
public final class ChainStores {

    private ChainStores() {
    }

    /**
     * Opens {@code dataDir/chain}, rebuilding its index from the block files when it must.
     */
    public static MapDbChainStore open(Path dataDir, ConsensusParams params, SignatureVerifier verifier) {
        return open(dataDir, params, verifier, MapDbChainStore.Options.DEFAULTS);
    }

    public static MapDbChainStore open(Path dataDir, ConsensusParams params, SignatureVerifier verifier,
            MapDbChainStore.Options options) {
        LongSupplier clock = () -> System.currentTimeMillis() / 1000;
        return MapDbChainStore.open(dataDir, options, new BlockFileRebuild(params, verifier, clock));
    }
}
