package minicoin.chain;

import java.nio.file.Path;

/** The store contract on SQLite in memory (what the chain's unit tests run on). */
class SqliteMemoryChainStoreTest extends ChainStoreContractTest {

    @Override
    protected ChainStore open(Path dataDir) {
        return SqliteChainStore.inMemory();
    }

    @Override
    protected boolean persists() {
        return false;
    }
}
