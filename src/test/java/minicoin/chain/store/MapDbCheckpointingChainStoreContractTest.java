package minicoin.chain.store;

import java.nio.file.Path;
import minicoin.chain.ChainStore;
import minicoin.chain.ChainStoreContractTest;

/**
 * The store contract on the MapDB engine with a checkpoint started at every commit, so reads go
 * through a frozen layer, a new generation and the switch between them.
 */
class MapDbCheckpointingChainStoreContractTest extends ChainStoreContractTest {

    @Override
    protected ChainStore open(Path dataDir) {
        return MapDbChainStore.open(dataDir, MapDbChainStore.Options.DEFAULTS.withCheckpointEntries(1));
    }
}
