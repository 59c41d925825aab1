package minicoin.chain.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import minicoin.chain.BlockIndexEntry;
import minicoin.chain.BlockUndo;
import minicoin.chain.ChainStore;
import minicoin.chain.ChainStoreException;
import minicoin.chain.Coin;
import minicoin.chain.DataDirLock;
import minicoin.chain.OwnerOnly;
import minicoin.chain.Utxo;
import minicoin.core.Block;
import minicoin.core.CodecException;
import minicoin.core.Hash;
import minicoin.core.OutPoint;
import minicoin.crypto.Address;

/**
 * {@link ChainStore} on MapDB, crash-safe by its own redo journal, in {@code dataDir/chain/}:
 *
 * <ul>
 *   <li>{@code blocks-NNNNN.dat}: block bytes and undo records, appended and never rewritten;</li>
 *   <li>{@code journal-NNNNN.log}: one framed record per commit, forced before the commit returns;</li>
 *   <li>{@code index-N.db}: the current generation, an immutable MapDB file of the block index,
 *       block positions, main chain, UTXO set with its address index, and tip;</li>
 *   <li>{@code MANIFEST}: which generation is current and where the journal goes on from it;</li>
 *   <li>{@code REBUILDING}: present only while the index is being rebuilt from the block files.</li>
 * </ul>
 *
 * <p>Committed changes are served from memory (layers over the generation) until a checkpoint
 * writes a new generation from the old one and a frozen layer, on its own thread, while the
 * writer goes on committing into a fresh layer. The writer installs the finished generation at its
 * next commit. MapDB's {@code transactionEnable()} is used nowhere (docs/storage.md).
 *
 * <p>When the index cannot be recovered from a generation and the journal, it is rebuilt from the
 * block files by a {@link Reconnector} (which {@link ChainStores#open} supplies, with the consensus
 * rules); {@link #open(Path)} alone refuses.
 *
 * <p>A clean {@link #close()} checkpoints first, so the next open replays nothing; a kill costs a
 * replay of the journal since the last generation. One thread writes and reads; only the
 * checkpoint runs beside it.
 */
public final class MapDbChainStore implements ChainStore {

    /** The directory under {@code dataDir} that holds every file of this store. */
    public static final String DIRECTORY = "chain";
    static final String LOCK_FILE_NAME = "LOCK";
    /** Names a rebuild from the block files in progress: a reopen after a kill starts it again from the scan. */
    static final String REBUILD_MARKER = "REBUILDING";
    /** Block-file segments of 128 MiB, as Bitcoin Core's blk files: few files, none too large to copy. */
    public static final long BLOCK_SEGMENT_BYTES = 128L << 20;
    /** Journal segments of 64 MiB: a segment is deleted whole once a generation covers it. */
    public static final long JOURNAL_SEGMENT_BYTES = 64L << 20;
    /**
     * A checkpoint starts when the committed layer holds 500,000 changed entries: about 60 MB of
     * packed heap (some 117 bytes an entry, {@link Layer}), and a journal tail replayed at open in
     * well under a second.
     */
    public static final long CHECKPOINT_ENTRIES = 500_000;
    /**
     * While a checkpoint runs, the writer waits for it once the new committed layer holds twice
     * the checkpoint's entries: commits may outrun one checkpoint (a fast initial sync) but the
     * heap stays bounded, at most two layers of {@code 2 × CHECKPOINT_ENTRIES} plus a commit each.
     */
    public static final long BACKLOG_FACTOR = 2;
    /** Heap a changed entry takes in a packed {@link Layer}, measured with 500,000 entries (docs/storage.md). */
    static final long LAYER_BYTES_PER_ENTRY = 117;
    /**
     * The committed changes may take at most a quarter of the heap at their worst (two layers of
     * {@code BACKLOG_FACTOR × checkpointEntries}): the rest is the mempool's cap (an eighth of
     * the devnet's 256 MB), the peers, the signature cache and headroom for the checkpoint's own
     * work.
     */
    static final long HEAP_SHARE_DIVISOR = 4;
    /** Below this a small heap would checkpoint the whole index every few blocks. */
    static final long MIN_CHECKPOINT_ENTRIES = 20_000;
    static final int ADDRESS_BYTES = 20;

    private static final Logger LOG = Logger.getLogger(MapDbChainStore.class.getName());
    /** The address index's value: the coin itself is in COINS. */
    private static final byte[] NO_VALUE = new byte[0];
    private static final Key TIP = new Key("tip".getBytes(StandardCharsets.US_ASCII));
    private static final Pattern GENERATION_FILE = Pattern.compile(Pattern.quote(Generation.PREFIX) + "(\\d+)"
            + Pattern.quote(Generation.SUFFIX));

    /** Sizes and the fault-injection seam; tests shrink the segments to cross their bounds. */
    public record Options(long blockSegmentBytes, long journalSegmentBytes, long checkpointEntries, IoHook hook) {

        public static final Options DEFAULTS = new Options(BLOCK_SEGMENT_BYTES, JOURNAL_SEGMENT_BYTES,
                CHECKPOINT_ENTRIES, IoHook.NONE);

        /**
         * The defaults with a checkpoint due early enough that the committed changes in memory
         * stay within a quarter of {@code maxHeapBytes} even while commits outrun a checkpoint:
         * a {@code -Xmx256m} node checkpoints every 143,000 entries (worst case 67 MB), a heap of
         * 1 GB or more every {@link #CHECKPOINT_ENTRIES}.
         */
        public static Options forHeap(long maxHeapBytes) {
            long worstBytesPerEntry = LAYER_BYTES_PER_ENTRY * 2 * BACKLOG_FACTOR;
            long entries = maxHeapBytes / HEAP_SHARE_DIVISOR / worstBytesPerEntry;
            return DEFAULTS.withCheckpointEntries(Math.max(MIN_CHECKPOINT_ENTRIES, Math.min(CHECKPOINT_ENTRIES, entries)));
        }

        public Options withHook(IoHook newHook) {
            return new Options(blockSegmentBytes, journalSegmentBytes, checkpointEntries, newHook);
        }

        public Options withCheckpointEntries(long entries) {
            return new Options(blockSegmentBytes, journalSegmentBytes, entries, hook);
        }
    }

    /**
     * Reconnects the blocks a scan of the block files found into an emptied store, with every
     * consensus rule checked ({@link BlockFileRebuild}); returns a sentence saying what it reached.
     */
    interface Reconnector {
        String reconnect(MapDbChainStore store, BlockScan scan);
    }

    /** A generation built by a checkpoint, and the manifest that now names it. */
    private record Built(Generation generation, Manifest manifest) {
    }

    private final Path dir;
    private final DataDirLock lock;
    private final Options options;
    private final Journal journal;
    private final BlockFiles blockFiles;
    private final ExecutorService checkpointThread;
    /** Null when this store was opened without the consensus rules: it cannot rebuild from the block files. */
    private final Reconnector reconnector;
    /** During a rebuild: block records already in the block files, whose location a commit takes instead of appending. */
    private Map<Hash, BlockLocation> adoptable = Map.of();

    private Generation generation = Generation.empty();
    /** Committed changes being written into the next generation; read-only, null when no checkpoint runs. */
    private Layer frozen;
    private Layer active = new Layer();
    private Layer staged = new Layer();
    private final Map<Hash, Block> stagedBlocks = new LinkedHashMap<>();
    private final Map<Hash, BlockUndo> stagedUndo = new LinkedHashMap<>();
    private long lastSequence;
    private Future<Built> checkpoint;
    /** Deleting what the last installed checkpoint replaced, on the checkpoint thread. */
    private Future<Void> cleanup;
    /** Set when a write failed half-way: the files are fine, but this instance must not go on. */
    private ChainStoreException broken;
    private boolean closed;

    private MapDbChainStore(Path dir, DataDirLock lock, Options options, Reconnector reconnector) {
        this.dir = dir;
        this.lock = lock;
        this.options = options;
        this.reconnector = reconnector;
        this.journal = new Journal(dir, options.journalSegmentBytes(), options.hook());
        this.blockFiles = new BlockFiles(dir, options.blockSegmentBytes(), options.hook());
        this.checkpointThread = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "chain-checkpoint");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Opens (or creates) the store in {@code dataDir/chain}, recovering from whatever a crash left.
     * Without the consensus rules it cannot rebuild from the block files, and refuses when that is
     * needed: the node opens its store through {@link ChainStores#open}.
     */
    public static MapDbChainStore open(Path dataDir) {
        return open(dataDir, Options.DEFAULTS);
    }

    public static MapDbChainStore open(Path dataDir, Options options) {
        return open(dataDir, options, null);
    }

    /** Opens the store; {@code reconnector} (or null) rebuilds the index from the block files when nothing else can. */
    static MapDbChainStore open(Path dataDir, Options options, Reconnector reconnector) {
        Path dir = dataDir.resolve(DIRECTORY);
        try {
            OwnerOnly.createDirectories(dir);
        } catch (IOException e) {
            throw new ChainStoreException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        DataDirLock lock = DataDirLock.acquire(dir.resolve(LOCK_FILE_NAME), "the chain store");
        MapDbChainStore store = new MapDbChainStore(dir, lock, options, reconnector);
        try {
            store.recover();
            return store;
        } catch (IOException | RuntimeException e) {
            store.closeFiles();
            if (e instanceof ChainStoreException chainStoreException) {
                throw chainStoreException;
            }
            throw new ChainStoreException("cannot open the chain store in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The directory of this store's files ({@code dataDir/chain}). */
    public Path directory() {
        return dir;
    }

    // ---- Recovery

    private void recover() throws IOException {
        Files.deleteIfExists(dir.resolve("MANIFEST.tmp"));
        Optional<Manifest> read = Manifest.read(dir);
        LogPosition blocksEnd;
        if (Files.exists(dir.resolve(REBUILD_MARKER))) {
            blocksEnd = rebuildFromBlockFiles("a rebuild from the block files was cut short (" + REBUILD_MARKER + " is there)");
        } else if (read.isEmpty()) {
            if (journal.file().segments().isEmpty() && blockFiles.file().segments().isEmpty()
                    && generationFiles().isEmpty() && !Files.exists(dir.resolve(Manifest.FILE_NAME))) {
                Manifest.EMPTY.write(dir, options.hook());
                blocksEnd = LogPosition.START;
            } else {
                blocksEnd = rebuildFromJournal("there is no intact " + Manifest.FILE_NAME, 0);
            }
        } else {
            Manifest manifest = read.get();
            Optional<String> problem = generationProblem(manifest);
            if (problem.isPresent()) {
                blocksEnd = rebuildFromJournal(problem.get(), manifest.generation());
            } else {
                generation = manifest.generation() == 0 ? Generation.empty() : Generation.open(dir, manifest.generation());
                lastSequence = manifest.lastSequence();
                LogPosition[] end = {manifest.blocksEnd()};
                journal.replay(manifest.journalEnd(), manifest.lastSequence() + 1, entry -> {
                    active.absorb(entry.changes());
                    lastSequence = entry.sequence();
                    end[0] = entry.blocksEnd();
                });
                journal.file().deleteBelow(manifest.journalEnd().segment());
                blocksEnd = end[0];
            }
        }
        removeStrayGenerations();
        // Records past the last acknowledged commit belong to a commit in flight at a crash.
        blockFiles.file().truncateTo(blocksEnd);
    }

    /** Why the manifest's generation cannot be used, or empty when it can. */
    private Optional<String> generationProblem(Manifest manifest) throws IOException {
        if (manifest.generation() == 0) {
            return Optional.empty();
        }
        Path file = dir.resolve(Generation.fileName(manifest.generation()));
        if (!Files.exists(file)) {
            return Optional.of(file + " (named by the MANIFEST) is missing");
        }
        int crc = Generation.crc(file);
        if (crc != manifest.generationCrc()) {
            return Optional.of(String.format("%s fails its checksum (CRC32C %08x, the MANIFEST says %08x)",
                    file, crc, manifest.generationCrc()));
        }
        return Optional.empty();
    }

    /**
     * Rebuilds the index from the whole journal when it still reaches the first commit, and writes
     * it as a new generation; else the index can only come back from the block files.
     */
    private LogPosition rebuildFromJournal(String reason, long lastGeneration) throws IOException {
        if (!journal.reachesGenesis()) {
            return rebuildFromBlockFiles(reason);
        }
        LOG.warning(() -> dir + ": " + reason + "; rebuilding the index from the journal");
        long started = System.nanoTime();
        generation = Generation.empty();
        LogPosition[] end = {LogPosition.START};
        journal.replay(LogPosition.START, 1, entry -> {
            active.absorb(entry.changes());
            lastSequence = entry.sequence();
            end[0] = entry.blocksEnd();
        });
        long number = Math.max(lastGeneration, generationFiles().stream().mapToLong(Long::longValue).max().orElse(0)) + 1;
        Layer all = active;
        active = new Layer();
        Built built = build(number, generation, all, lastSequence, journal.end(), end[0]);
        generation = built.generation();
        long millis = (System.nanoTime() - started) / 1_000_000;
        long commits = lastSequence;
        LOG.warning(() -> dir + ": rebuilt the index as " + Generation.fileName(number) + " from " + commits
                + " journal records in " + millis + " ms");
        return end[0];
    }

    /**
     * The rebuild the journal cannot do (Bitcoin Core's -reindex-chainstate): the index, the journal
     * and every generation are dropped, the block files are scanned, and the reconnector connects
     * the blocks found into this emptied store, each block record's location taken over rather
     * than the block appended again (only new undo records are appended). A marker file makes a
     * kill during the rebuild start it again at the next open. The block files are never rewritten
     * (only a torn tail past their last intact record is cut).
     */
    private LogPosition rebuildFromBlockFiles(String reason) throws IOException {
        if (reconnector == null) {
            throw new ChainStoreException(dir + ": " + reason + ", and the journal no longer reaches back to the first"
                    + " commit: the index must be rebuilt from the block files (reconnecting the main chain with the"
                    + " consensus rules), which needs the store opened through ChainStores.open; refusing to open");
        }
        LOG.warning(() -> dir + ": " + reason + "; rebuilding the index from the block files (as Bitcoin Core's"
                + " -reindex-chainstate): every block found is connected again with every consensus rule checked");
        long started = System.nanoTime();
        Path marker = dir.resolve(REBUILD_MARKER);
        OwnerOnly.createFileIfMissing(marker);
        Files.writeString(marker, reason + System.lineSeparator());
        FileSync.file(marker, options.hook());
        FileSync.directory(dir, options.hook());

        generation.close();
        generation = Generation.empty();
        for (long number : generationFiles()) {
            Path file = dir.resolve(Generation.fileName(number));
            Files.delete(file);
            options.hook().completed("delete", file);
        }
        journal.file().truncateTo(LogPosition.START);
        BlockScan scan = blockFiles.scan();
        for (BlockScan.Damage damage : scan.damaged()) {
            LOG.warning(() -> "damaged block file: " + damage + "; skipped, and no block that depends on a block"
                    + " recorded there is connected");
        }
        long tail = bytesPast(blockFiles.file(), scan.end());
        if (tail > 0) {
            LOG.warning(() -> dir + ": cut " + tail + " bytes of the block files past their last intact record, "
                    + blockFiles.file().name(scan.end().segment()) + " at offset " + scan.end().offset()
                    + " (the tail of a commit in flight at a crash)");
        }
        blockFiles.file().truncateTo(scan.end());
        new Manifest(0, 0, LogPosition.START, scan.end(), 0).write(dir, options.hook());
        lastSequence = 0;
        active = new Layer();
        dropStaged();

        Map<Hash, BlockLocation> locations = new HashMap<>();
        for (BlockScan.Found found : scan.blocks()) {
            locations.putIfAbsent(found.hash(), found.location());
        }
        adoptable = locations;
        String reached;
        try {
            reached = reconnector.reconnect(this, scan);
        } finally {
            adoptable = Map.of();
        }
        awaitCheckpoint();
        checkpoint();
        Files.delete(marker);
        FileSync.directory(dir, options.hook());
        long millis = (System.nanoTime() - started) / 1_000_000;
        String damage = scan.damaged().isEmpty() ? "" : "; " + scan.damaged().size()
                + " damaged stretch(es) of the block files skipped, the first " + scan.damaged().get(0);
        LOG.warning(() -> dir + ": rebuilt the index from the block files in " + millis + " ms: " + reached + damage);
        return blockFiles.end();
    }

    private static long bytesPast(SegmentedFile file, LogPosition end) throws IOException {
        long bytes = 0;
        for (int segment : file.segments()) {
            long size = Files.size(file.path(segment));
            bytes += segment > end.segment() ? size : segment == end.segment() ? Math.max(0, size - end.offset()) : 0;
        }
        return bytes;
    }

    /** The block of an intact record a scan found, checked as {@link #block} checks what it serves. */
    Block readFound(BlockScan.Found found) {
        return readBlock(found.hash(), found.location());
    }

    private List<Long> generationFiles() throws IOException {
        List<Long> numbers = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(file -> {
                Matcher matcher = GENERATION_FILE.matcher(file.getFileName().toString());
                if (matcher.matches()) {
                    numbers.add(Long.parseLong(matcher.group(1)));
                }
            });
        }
        return numbers;
    }

    /** Generation files the manifest does not name: a checkpoint cut short, or one superseded. */
    private void removeStrayGenerations() throws IOException {
        for (long number : generationFiles()) {
            if (number != generation.number()) {
                Path stray = dir.resolve(Generation.fileName(number));
                Files.delete(stray);
                options.hook().completed("delete", stray);
                LOG.info(() -> "removed " + stray + ", a generation no MANIFEST names");
            }
        }
    }

    // ---- Reads: staged, then committed layers, then the generation

    private byte[] lookup(Table table, Key key) {
        byte[] value = staged.get(table, key);
        if (value == null) {
            value = active.get(table, key);
        }
        if (value == null && frozen != null) {
            value = frozen.get(table, key);
        }
        if (value == null) {
            return generation.get(table, key);
        }
        return value == Layer.DELETED ? null : value;
    }

    /** Every key some layer changed in {@code table}. */
    private Set<Key> changedKeys(Table table) {
        Set<Key> keys = new HashSet<>();
        staged.forEach(table, (key, value) -> keys.add(new Key(key)));
        active.forEach(table, (key, value) -> keys.add(new Key(key)));
        if (frozen != null) {
            frozen.forEach(table, (key, value) -> keys.add(new Key(key)));
        }
        return keys;
    }

    /** Every live entry of {@code table}: the generation's not overridden, then the layers'. */
    private void forEachEntry(Table table, java.util.function.BiConsumer<byte[], byte[]> action) {
        Set<Key> changed = changedKeys(table);
        generation.entries(table).forEachRemaining(entry -> {
            if (!changed.contains(new Key(entry.getKey()))) {
                action.accept(entry.getKey(), entry.getValue());
            }
        });
        for (Key key : changed) {
            byte[] value = lookup(table, key);
            if (value != null) {
                action.accept(key.bytes(), value);
            }
        }
    }

    @Override
    public Optional<Block> block(Hash hash) {
        Block staged = stagedBlocks.get(hash);
        if (staged != null) {
            return Optional.of(staged);
        }
        byte[] at = lookup(Table.BLOCK_AT, hashKey(hash));
        if (at == null) {
            return Optional.empty();
        }
        return Optional.of(readBlock(hash, BlockLocation.decode(at)));
    }

    private Block readBlock(Hash hash, BlockLocation location) {
        byte[] bytes = blockFiles.read(location, BlockFiles.BLOCK, hash);
        Block block = decode(() -> Block.decode(bytes), "block " + hash + " in " + blockFiles.where(location));
        // The checksum proves the bytes are the ones written; the hashes prove they are this block.
        if (!block.hash().equals(hash) || !block.computeMerkleRoot().equals(block.header().merkleRoot())) {
            throw new ChainStoreException("block " + hash + " read from " + blockFiles.where(location)
                    + " hashes to " + block.hash() + " or fails its merkle root; it is not served");
        }
        return block;
    }

    @Override
    public boolean hasBlock(Hash hash) {
        return stagedBlocks.containsKey(hash) || lookup(Table.BLOCK_AT, hashKey(hash)) != null;
    }

    @Override
    public Optional<BlockIndexEntry> indexEntry(Hash hash) {
        byte[] bytes = lookup(Table.INDEX, hashKey(hash));
        return bytes == null ? Optional.empty()
                : Optional.of(decode(() -> BlockIndexEntry.decode(bytes), "index entry " + hash));
    }

    @Override
    public void forEachIndexEntry(Consumer<BlockIndexEntry> action) {
        forEachEntry(Table.INDEX, (key, value) -> action.accept(decode(() -> BlockIndexEntry.decode(value), "an index entry")));
    }

    @Override
    public Optional<Hash> mainChainHash(long height) {
        byte[] bytes = lookup(Table.MAIN, heightKey(height));
        return Optional.ofNullable(bytes).map(Hash::of);
    }

    @Override
    public Optional<Hash> tip() {
        return Optional.ofNullable(lookup(Table.META, TIP)).map(Hash::of);
    }

    @Override
    public Optional<Coin> coin(OutPoint outPoint) {
        byte[] bytes = lookup(Table.COINS, new Key(outPoint.encode()));
        return bytes == null ? Optional.empty() : Optional.of(decode(() -> StoredCoin.decode(bytes), "coin " + outPoint));
    }

    @Override
    public List<Utxo> coinsOf(Address address) {
        byte[] prefix = address.hash160();
        Set<Key> candidates = new TreeSet<>();
        for (byte[] key : generation.keysWithPrefix(Table.ADDRESS, prefix)) {
            candidates.add(new Key(key));
        }
        Key addressKey = new Key(prefix);
        candidates.addAll(staged.addressKeys(addressKey));
        candidates.addAll(active.addressKeys(addressKey));
        if (frozen != null) {
            candidates.addAll(frozen.addressKeys(addressKey));
        }
        List<Utxo> result = new ArrayList<>();
        for (Key key : candidates) {
            if (lookup(Table.ADDRESS, key) == null) {
                continue;
            }
            byte[] outPointBytes = java.util.Arrays.copyOfRange(key.bytes(), ADDRESS_BYTES, key.bytes().length);
            OutPoint outPoint = decode(() -> OutPoint.decode(outPointBytes), "address index key");
            Coin coin = coin(outPoint).orElseThrow(() -> new ChainStoreException(
                    "the address index of " + address + " names " + outPoint + ", which is not in the UTXO set"));
            result.add(new Utxo(outPoint, coin));
        }
        return result;
    }

    @Override
    public long coinCount() {
        long count = generation.coinCount();
        for (Key key : changedKeys(Table.COINS)) {
            count += (lookup(Table.COINS, key) != null ? 1 : 0) - (generation.get(Table.COINS, key) != null ? 1 : 0);
        }
        return count;
    }

    @Override
    public void forEachCoin(Consumer<Utxo> action) {
        forEachEntry(Table.COINS, (key, value) -> action.accept(new Utxo(
                decode(() -> OutPoint.decode(key), "coin key"), decode(() -> StoredCoin.decode(value), "coin"))));
    }

    @Override
    public Optional<BlockUndo> undo(Hash hash) {
        BlockUndo staged = stagedUndo.get(hash);
        if (staged != null) {
            return Optional.of(staged);
        }
        byte[] at = lookup(Table.UNDO_AT, hashKey(hash));
        if (at == null) {
            return Optional.empty();
        }
        BlockLocation location = BlockLocation.decode(at);
        byte[] bytes = blockFiles.read(location, BlockFiles.UNDO, hash);
        return Optional.of(decode(() -> BlockUndo.decode(bytes), "undo record of " + hash + " in " + blockFiles.where(location)));
    }

    // ---- Writes: staged until commit

    @Override
    public void putBlock(Block block) {
        stagedBlocks.put(block.hash(), block);
    }

    @Override
    public void putIndexEntry(BlockIndexEntry entry) {
        staged.put(Table.INDEX, hashKey(entry.hash()), entry.encode());
    }

    @Override
    public void putUndo(Hash hash, BlockUndo undo) {
        stagedUndo.put(hash, undo);
    }

    @Override
    public void putMainChain(long height, Hash hash) {
        staged.put(Table.MAIN, heightKey(height), hash.toArray());
    }

    @Override
    public void removeMainChain(long height) {
        staged.put(Table.MAIN, heightKey(height), Layer.DELETED);
    }

    @Override
    public void putCoin(OutPoint outPoint, Coin coin) {
        byte[] outPointBytes = outPoint.encode();
        staged.put(Table.COINS, new Key(outPointBytes), StoredCoin.encode(coin));
        staged.put(Table.ADDRESS, addressKey(coin.output().address(), outPointBytes), NO_VALUE);
    }

    @Override
    public void removeCoin(OutPoint outPoint, Coin coin) {
        byte[] outPointBytes = outPoint.encode();
        staged.put(Table.COINS, new Key(outPointBytes), Layer.DELETED);
        staged.put(Table.ADDRESS, addressKey(coin.output().address(), outPointBytes), Layer.DELETED);
    }

    @Override
    public void setTip(Hash hash) {
        staged.put(Table.META, TIP, hash.toArray());
    }

    /**
     * Makes the staged changes durable, then visible: block and undo records are appended and
     * forced, then one journal record is appended and forced. Returns only when both are on disk.
     */
    @Override
    public void commit() {
        usable();
        installFinishedCheckpoint(false);
        if (staged.isEmpty() && stagedBlocks.isEmpty() && stagedUndo.isEmpty()) {
            return;
        }
        try {
            for (Map.Entry<Hash, Block> block : stagedBlocks.entrySet()) {
                BlockLocation adopted = adoptable.get(block.getKey());
                BlockLocation at = adopted != null ? adopted
                        : blockFiles.append(BlockFiles.BLOCK, block.getKey(), block.getValue().encode());
                staged.put(Table.BLOCK_AT, hashKey(block.getKey()), at.encode());
            }
            for (Map.Entry<Hash, BlockUndo> undo : stagedUndo.entrySet()) {
                BlockLocation at = blockFiles.append(BlockFiles.UNDO, undo.getKey(), undo.getValue().encode());
                staged.put(Table.UNDO_AT, hashKey(undo.getKey()), at.encode());
            }
            blockFiles.force();
            journal.append(lastSequence + 1, blockFiles.end(), staged);
        } catch (IOException | RuntimeException e) {
            broken = new ChainStoreException("the chain store failed to commit in " + dir + " and must be reopened: "
                    + e.getMessage(), e);
            throw broken;
        }
        lastSequence++;
        active.absorb(staged);
        dropStaged();
        if (checkpoint != null && active.entries() >= backlogEntries()) {
            waitForSlowCheckpoint();
        }
        if (active.entries() >= options.checkpointEntries()) {
            startCheckpoint();
        }
    }

    /** How many committed entries the writer may hold beside a running checkpoint before it waits for it. */
    private long backlogEntries() {
        long entries = options.checkpointEntries();
        return entries > Long.MAX_VALUE / BACKLOG_FACTOR ? Long.MAX_VALUE : entries * BACKLOG_FACTOR;
    }

    /** Back-pressure: the commits outran the checkpoint, so the writer waits for it rather than let the heap grow. */
    private void waitForSlowCheckpoint() {
        long entries = active.entries();
        long heap = active.heapBytes() >> 20;
        long started = System.nanoTime();
        installFinishedCheckpoint(true);
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOG.info(() -> "commits outran a checkpoint: " + entries + " committed entries (" + heap
                + " MiB) wait beside it; the writer waited " + millis + " ms for it to finish");
    }

    /** Committed entries held in memory outside the running checkpoint: what back-pressure bounds. */
    long activeEntries() {
        return active.entries();
    }

    @Override
    public void rollback() {
        dropStaged();
    }

    private void dropStaged() {
        staged = new Layer();
        stagedBlocks.clear();
        stagedUndo.clear();
    }

    private void usable() {
        if (closed) {
            throw new IllegalStateException("the chain store is closed");
        }
        if (broken != null) {
            throw broken;
        }
    }

    // ---- Checkpoints

    /**
     * Starts writing the next generation from the committed changes, on the checkpoint thread; the
     * writer goes on committing into a new layer. Returns false when one already runs or there is
     * nothing to write.
     */
    public boolean startCheckpoint() {
        usable();
        if (checkpoint != null || active.isEmpty()) {
            return false;
        }
        frozen = active;
        active = new Layer();
        Layer changes = frozen;
        Generation base = generation;
        long number = generation.number() + 1;
        long sequence = lastSequence;
        LogPosition journalEnd = journal.end();
        LogPosition blocksEnd = blockFiles.end();
        checkpoint = checkpointThread.submit(() -> build(number, base, changes, sequence, journalEnd, blocksEnd));
        return true;
    }

    public boolean checkpointRunning() {
        return checkpoint != null;
    }

    /** Writes every committed change into a new generation and waits for it. */
    public void checkpoint() {
        startCheckpoint();
        installFinishedCheckpoint(true);
    }

    /** Waits for a running checkpoint and installs its generation. */
    public void awaitCheckpoint() {
        installFinishedCheckpoint(true);
    }

    private Built build(long number, Generation base, Layer changes, long sequence, LogPosition journalEnd,
            LogPosition blocksEnd) throws IOException {
        long started = System.nanoTime();
        int crc = Generation.build(dir, number, base, changes, options.hook());
        Manifest manifest = new Manifest(number, sequence, journalEnd, blocksEnd, crc);
        manifest.write(dir, options.hook());
        Generation built = Generation.open(dir, number);
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOG.fine(() -> "checkpoint: " + Generation.fileName(number) + " with " + changes.entries()
                + " changes up to journal record " + sequence + " in " + millis + " ms");
        return new Built(built, manifest);
    }

    /** On the writer thread: makes a finished checkpoint's generation current and deletes what it replaced. */
    private void installFinishedCheckpoint(boolean wait) {
        if (checkpoint == null || (!wait && !checkpoint.isDone())) {
            return;
        }
        Built built;
        try {
            built = checkpoint.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChainStoreException("interrupted while waiting for a checkpoint", e);
        } catch (ExecutionException e) {
            // The journal still holds every commit; a reopen replays it. This instance stops.
            broken = new ChainStoreException("a checkpoint failed in " + dir + "; nothing committed is lost (the"
                    + " journal holds it), but the store must be reopened: " + e.getCause().getMessage(), e.getCause());
            checkpoint = null;
            throw broken;
        }
        Generation old = generation;
        generation = built.generation();
        frozen = null;
        checkpoint = null;
        // Closing (unmapping) the old generation and deleting it take tens of milliseconds: not on the writer's time.
        cleanup = checkpointThread.submit(() -> deleteReplaced(old, built.manifest()));
        if (wait) {
            awaitCleanup();
        }
    }

    /** Closes and deletes the generation a checkpoint replaced (the writer no longer reads it), and the journal it covers. */
    private Void deleteReplaced(Generation old, Manifest manifest) {
        old.close();
        try {
            if (old.number() > 0) {
                Path file = dir.resolve(Generation.fileName(old.number()));
                Files.deleteIfExists(file);
                options.hook().completed("delete", file);
            }
            journal.file().deleteBelow(manifest.journalEnd().segment());
        } catch (IOException e) {
            // A file left behind is removed at the next open; nothing depends on it any more.
            LOG.warning(() -> "could not delete what checkpoint " + manifest.generation() + " replaced: "
                    + e.getMessage());
        }
        return null;
    }

    private void awaitCleanup() {
        if (cleanup == null) {
            return;
        }
        try {
            cleanup.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChainStoreException("interrupted while deleting a replaced generation", e);
        } catch (ExecutionException e) {
            LOG.warning(() -> "deleting a replaced generation failed: " + e.getCause());
        } finally {
            cleanup = null;
        }
    }

    // ---- Closing

    /**
     * Writes what the journal holds since the last generation into a new one (a clean stop: the
     * next open replays nothing), then closes every file. A checkpoint that fails here costs
     * nothing: the journal still holds every commit and the next open replays it.
     */
    @Override
    public void close() {
        close(true);
    }

    /** Closes the files as a kill leaves them, the journal since the last generation to replay: for recovery tests. */
    void closeWithoutCheckpoint() {
        close(false);
    }

    private void close(boolean checkpointFirst) {
        if (closed) {
            return;
        }
        try {
            rollback();
            if (broken == null) {
                // One may already run from a frozen layer; what was committed since needs one more.
                awaitCheckpoint();
                if (checkpointFirst) {
                    checkpoint();
                }
            }
            awaitCleanup();
        } catch (ChainStoreException e) {
            LOG.warning(() -> "the checkpoint at close failed; the next open replays the journal: " + e.getMessage());
        } finally {
            closeFiles();
            closed = true;
        }
    }

    private void closeFiles() {
        checkpointThread.shutdownNow();
        generation.close();
        journal.close();
        blockFiles.close();
        lock.close();
    }

    // ---- Keys

    private static Key hashKey(Hash hash) {
        return new Key(hash.toArray());
    }

    private static Key heightKey(long height) {
        return new Key(ByteBuffer.allocate(8).putLong(height).array());
    }

    private static Key addressKey(Address address, byte[] outPoint) {
        return new Key(ByteBuffer.allocate(ADDRESS_BYTES + outPoint.length).put(address.hash160()).put(outPoint).array());
    }

    private interface Decoder<T> {
        T decode() throws CodecException;
    }

    /** Stored bytes that do not decode mean damage, not bad input: fail loudly. */
    private static <T> T decode(Decoder<T> decoder, String what) {
        try {
            return decoder.decode();
        } catch (CodecException e) {
            throw new ChainStoreException("the chain store is damaged: " + what + " does not decode: " + e.getMessage(), e);
        }
    }
}
