package minicoin.chain;

import java.nio.file.Path;

/** The store contract on SQLite on disk, the node's store today. */
class SqliteFileChainStoreTest extends ChainStoreContractTest {

    @Override
    protected ChainStore open(Path dataDir) {
        return SqliteChainStore.open(dataDir);
    }
}
