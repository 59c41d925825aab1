package minicoin.chain.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import minicoin.chain.ChainState;
import minicoin.chain.ChainStoreException;
import minicoin.chain.DataDirLock;
import minicoin.chain.SignatureVerifier;
import minicoin.core.Block;
import minicoin.core.ConsensusParams;
import minicoin.core.Hash;

/**
 * Moves an old data directory onto the MapDB store: when {@code dataDir/chain.db} (the SQLite
 * store of earlier versions) is there, its main chain is read block by block in height order and
 * each block is submitted to a {@link ChainState} over the new store, so every rule is checked
 * again; a block that breaks one stops the import with its height and the reason. Only when the
 * new store holds the whole chain is {@code chain.db} renamed {@code chain.db.imported}.
 *
 * <p>A kill during the import loses nothing: every block connected is a durable commit of the new
 * store, and {@code chain.db} is still there, so the next start resumes after the new store's tip
 * (which must be on chain.db's main chain; anything else is refused, never overwritten).
 */
final class LegacyImport {

    static final String IMPORTED_NAME = "chain.db.imported";
    /** The lock file of the old store: held during the import, so a node of an earlier version cannot write chain.db meanwhile. */
    static final String LEGACY_LOCK_NAME = "chain.lock";
    /** SQLite's side files of a database in WAL mode, moved along with it. */
    private static final String[] SIDE_SUFFIXES = {"-wal", "-shm"};
    /** A progress line every 5 seconds of a long import. */
    static final long PROGRESS_INTERVAL_NANOS = 5_000_000_000L;

    private static final Logger LOG = Logger.getLogger(LegacyImport.class.getName());

    private final Path dataDir;
    private final ConsensusParams params;
    private final SignatureVerifier verifier;
    private final LongSupplier nowSeconds;

    LegacyImport(Path dataDir, ConsensusParams params, SignatureVerifier verifier, LongSupplier nowSeconds) {
        this.dataDir = dataDir;
        this.params = params;
        this.verifier = verifier;
        this.nowSeconds = nowSeconds;
    }

    /** Imports {@code dataDir/chain.db} into {@code store} and renames it; does nothing when there is none. */
    void importInto(MapDbChainStore store) {
        Path file = dataDir.resolve(LegacyChainDb.FILE_NAME);
        if (!Files.exists(file)) {
            return;
        }
        long started = System.nanoTime();
        long imported;
        long tipHeight;
        try (DataDirLock lock = DataDirLock.acquire(dataDir.resolve(LEGACY_LOCK_NAME), "the old chain database chain.db");
                LegacyChainDb old = LegacyChainDb.open(file)) {
            tipHeight = old.tipHeight();
            ChainState chain = new ChainState(params, store, verifier, nowSeconds, Optional.empty());
            long from = resumeHeight(chain, old, tipHeight);
            imported = tipHeight + 1 - from;
            if (from > 0) {
                LOG.warning(() -> "Resuming the import of " + file + " at height " + from
                        + ": the new store already holds the blocks below it (an import cut short)");
            }
            if (imported > 0) {
                LOG.warning(() -> "Importing " + imported + " block(s) from " + file + " into " + store.directory()
                        + ", each connected again with every consensus rule checked");
            }
            long lastProgress = System.nanoTime();
            for (long height = from; height <= tipHeight; height++) {
                connect(chain, old, height);
                if (System.nanoTime() - lastProgress > PROGRESS_INTERVAL_NANOS) {
                    lastProgress = System.nanoTime();
                    long at = height;
                    LOG.info(() -> "Importing " + file + ": height " + at + " of " + tipHeight);
                }
            }
        }
        renameImported(file);
        double seconds = (System.nanoTime() - started) / 1e9;
        LOG.warning(() -> String.format("Imported %d block(s) from %s in %.1f s (tip at height %d); renamed it %s",
                imported, file, seconds, tipHeight, IMPORTED_NAME));
    }

    private void connect(ChainState chain, LegacyChainDb old, long height) {
        Block block = old.block(height);
        ChainState.BlockResult result = chain.submitBlock(block);
        if (result.outcome() != ChainState.Outcome.CONNECTED || !chain.tipHash().equals(block.hash())) {
            String why = result.rejection().map(Object::toString).orElse("it did not connect (" + result.outcome() + ")");
            throw new ChainStoreException(old.file() + " cannot be imported: its block " + block.hash() + " at height "
                    + height + " breaks a rule: " + why + "; the import stops there and " + old.file().getFileName()
                    + " is left as it is (the blocks below it stay in " + dataDir.resolve(MapDbChainStore.DIRECTORY) + ")");
        }
    }

    /** Where the import starts: 0 on an empty store, or after the new store's tip when that is on chain.db's main chain. */
    private long resumeHeight(ChainState chain, LegacyChainDb old, long oldTipHeight) {
        if (!chain.hasGenesis()) {
            return 0;
        }
        long held = chain.tipHeight();
        long common = Math.min(held, oldTipHeight);
        if (common >= 0 && old.mainChainHash(common).equals(chain.mainChainHash(common).orElseThrow())) {
            return common + 1;
        }
        Hash tip = chain.tipHash();
        throw new ChainStoreException(dataDir + " holds both " + LegacyChainDb.FILE_NAME + " and a chain store ("
                + MapDbChainStore.DIRECTORY + "/) whose tip " + tip + " at height " + held + " is not on the main chain of "
                + LegacyChainDb.FILE_NAME + ": this is not an import cut short; move one of them out of the way");
    }

    /** The side files first and chain.db last: until chain.db is gone, the next start imports (or resumes) again. */
    private void renameImported(Path file) {
        try {
            for (String name : new String[] {IMPORTED_NAME, IMPORTED_NAME + SIDE_SUFFIXES[0], IMPORTED_NAME + SIDE_SUFFIXES[1]}) {
                if (Files.exists(dataDir.resolve(name))) {
                    throw new FileAlreadyExistsException(dataDir.resolve(name).toString());
                }
            }
            for (String suffix : SIDE_SUFFIXES) {
                Path side = dataDir.resolve(LegacyChainDb.FILE_NAME + suffix);
                if (Files.exists(side)) {
                    Files.move(side, dataDir.resolve(IMPORTED_NAME + suffix), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            Files.move(file, dataDir.resolve(IMPORTED_NAME), StandardCopyOption.ATOMIC_MOVE);
            FileSync.directory(dataDir, IoHook.NONE);
            // The old store's lock file has nothing left to guard.
            Files.deleteIfExists(dataDir.resolve(LEGACY_LOCK_NAME));
        } catch (FileAlreadyExistsException e) {
            throw new ChainStoreException("the import of " + file + " is complete, but it cannot be renamed: "
                    + e.getFile() + " already exists; move it away and start again", e);
        } catch (IOException e) {
            throw new ChainStoreException("the import of " + file + " is complete, but it cannot be renamed "
                    + IMPORTED_NAME + ": " + e.getMessage(), e);
        }
    }
}
