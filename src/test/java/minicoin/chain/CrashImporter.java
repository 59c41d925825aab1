package minicoin.chain;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import minicoin.core.Block;
import minicoin.core.CodecException;

/**
 * A child process for {@link CrashRecoveryTest}: opens the chain in a data directory (a coins cache
 * over SQLite, as a node runs it) and submits every block of a file (length-prefixed encodings),
 * printing each height, then empty blocks on its tip, until it is killed.
 */
public final class CrashImporter {

    /** Flushes every hundred-odd blocks, so kills land both between flushes and inside them. */
    static final int IMPORTER_CACHE_COINS = 2_000;

    private CrashImporter() {
    }

    public static void main(String[] args) throws IOException, CodecException {
        Path dataDir = Path.of(args[0]);
        Path blocksFile = Path.of(args[1]);
        try (CachingChainStore store = new CachingChainStore(SqliteChainStore.open(dataDir), IMPORTER_CACHE_COINS);
                DataInputStream in = new DataInputStream(Files.newInputStream(blocksFile))) {
            ChainState chain = TestBlocks.newChain(store);
            System.out.println("opened at height " + chain.tipHeight());
            while (in.available() > 0) {
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                chain.submitBlock(Block.decode(bytes));
                System.out.println("height " + chain.tipHeight());
            }
            // Then keep writing, so that a kill never finds the importer idle: empty blocks on the tip.
            System.out.println("file done");
            for (long round = 0; ; round++) {
                Block tip = chain.block(chain.tipHash()).orElseThrow();
                chain.submitBlock(TestBlocks.child(tip, chain.tipHeight() + 1, java.util.List.of(),
                        TestBlocks.PARAMS.subsidy(), "extra" + round));
                System.out.println("height " + chain.tipHeight());
            }
        }
    }
}
