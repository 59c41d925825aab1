package minicoin.chain;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import minicoin.chain.store.IoHook;
import minicoin.chain.store.MapDbChainStore;
import minicoin.core.Block;
import minicoin.core.CodecException;

/**
 * A child process for {@link CrashRecoveryTest}: opens the chain in a data directory on the node's
 * store and submits every block of a file (length-prefixed encodings), printing each height once
 * the block's commits are acknowledged, then empty blocks on its tip, until it is killed. It prints
 * {@value #CHECKPOINT_WRITING} when a checkpoint starts writing a generation and
 * {@value #CHECKPOINT_DONE} when the manifest names it, so the test knows where a kill landed.
 */
public final class CrashImporter {

    /** A checkpoint every dozen blocks of payments (some 45 entries each), so kills land inside them often. */
    static final long CHECKPOINT_ENTRIES = 500;
    /** Printed once the chain is open and the blocks it already has are skipped: new writes follow. */
    static final String IMPORTING = "importing at height ";
    static final String CHECKPOINT_WRITING = "checkpoint writing";
    static final String CHECKPOINT_DONE = "checkpoint done";
    static final String HEIGHT = "height ";

    private CrashImporter() {
    }

    public static void main(String[] args) throws IOException, CodecException {
        Path dataDir = Path.of(args[0]);
        Path blocksFile = Path.of(args[1]);
        // Told on the checkpoint thread and, at a recovery, on this one.
        Set<String> generationsSeen = ConcurrentHashMap.newKeySet();
        IoHook markers = (operation, file) -> {
            String name = file.getFileName().toString();
            if (name.startsWith("index-") && generationsSeen.add(name)) {
                System.out.println(CHECKPOINT_WRITING + " " + name);
            } else if (operation.equals("rename") && name.equals("MANIFEST")) {
                System.out.println(CHECKPOINT_DONE);
            }
        };
        MapDbChainStore.Options options = MapDbChainStore.Options.DEFAULTS.withCheckpointEntries(CHECKPOINT_ENTRIES)
                .withHook(markers);
        try (MapDbChainStore store = MapDbChainStore.open(dataDir, options);
                DataInputStream in = new DataInputStream(Files.newInputStream(blocksFile))) {
            ChainState chain = TestBlocks.newChain(store);
            boolean importing = false;
            while (in.available() > 0) {
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                Block block = Block.decode(bytes);
                if (chain.indexEntry(block.hash()).filter(entry -> entry.status().hasData()).isPresent()) {
                    continue;
                }
                if (!importing) {
                    System.out.println(IMPORTING + chain.tipHeight());
                    importing = true;
                }
                chain.submitBlock(block);
                System.out.println(HEIGHT + chain.tipHeight());
            }
            if (!importing) {
                System.out.println(IMPORTING + chain.tipHeight());
            }
            // Then keep writing, so that a kill never finds the importer idle: empty blocks on the tip.
            System.out.println("file done");
            for (long round = 0; ; round++) {
                Block tip = chain.block(chain.tipHash()).orElseThrow();
                chain.submitBlock(TestBlocks.child(tip, chain.tipHeight() + 1, java.util.List.of(),
                        TestBlocks.PARAMS.subsidy(), "extra" + round));
                System.out.println(HEIGHT + chain.tipHeight());
            }
        }
    }
}
