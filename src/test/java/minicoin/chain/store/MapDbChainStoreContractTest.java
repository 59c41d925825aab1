package minicoin.chain.store;

import java.nio.file.Path;
import minicoin.chain.ChainStore;
import minicoin.chain.ChainStoreContractTest;

/** The store contract on the MapDB engine, its changes served from the journal's layers. */
class MapDbChainStoreContractTest extends ChainStoreContractTest {

    @Override
    protected ChainStore open(Path dataDir) {
        return MapDbChainStore.open(dataDir);
    }
}
