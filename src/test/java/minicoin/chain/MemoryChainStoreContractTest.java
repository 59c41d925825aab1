package minicoin.chain;

import java.nio.file.Path;

/** The store contract on the in-memory test store, so that tests running on it test what the node runs. */
class MemoryChainStoreContractTest extends ChainStoreContractTest {

    @Override
    protected ChainStore open(Path dataDir) {
        return new MemoryChainStore();
    }

    @Override
    protected boolean persists() {
        return false;
    }
}
