package minicoin.chain;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import minicoin.core.Block;
import minicoin.core.BlockHeader;
import minicoin.core.BlockRules;
import minicoin.core.ConsensusParams;
import minicoin.core.Genesis;
import minicoin.core.Hash;
import minicoin.core.OutPoint;
import minicoin.core.ProofOfWork;
import minicoin.core.RejectCode;
import minicoin.core.Rejection;
import minicoin.core.Transaction;
import minicoin.core.TxIn;
import minicoin.core.TxOut;
import minicoin.crypto.Address;

/**
 * The chain: which blocks are known, which chain is best, and the UTXO set of its tip.
 *
 * <p>A block is checked on its own, then against its parent (height, bits, time), stored, and the
 * best chain re-chosen: most cumulative work, equal work broken by the lower hash. Moving to a
 * better branch is one step: blocks are disconnected to the fork point with their undo records and
 * the branch connected, all in a {@link CoinsOverlay}; only when every block checks out is the
 * result written, in one commit with the new tip. A block that fails is marked invalid with its
 * descendants, and the best valid chain is chosen again. Blocks whose parent is unknown wait in a
 * bounded orphan pool.
 *
 * <p>Not thread-safe: one writer thread (the chain worker) drives it.
 */
public final class ChainState {

    /** Orphans wait for parents that may never come; a hundred covers a short burst out of order. */
    public static final int MAX_ORPHAN_BLOCKS = 100;
    /**
     * Encoded bytes of orphans kept in all: four of the largest blocks any network allows. A block
     * held in memory costs about 3.2 times its encoding, so the pool stays under 15 MB of heap.
     */
    public static final long MAX_ORPHAN_BYTES = 4_000_000;
    /** Encoded bytes of orphans kept per source (one peer, the miner, RPC): one largest block. */
    public static final long MAX_ORPHAN_BYTES_PER_SOURCE = 1_000_000;
    /** The source of blocks submitted without one: this node's own miner and RPC. */
    public static final String LOCAL_SOURCE = "local";

    private static final Logger LOG = Logger.getLogger(ChainState.class.getName());

    /** What became of a submitted block. */
    public enum Outcome {
        /** It is now part of the main chain (possibly after a reorg). */
        CONNECTED,
        /** Valid so far and stored, on a branch with less work than the main chain. */
        SIDE_BRANCH,
        /** Its parent is unknown; it waits in the orphan pool. */
        ORPHAN,
        /** Already known. */
        DUPLICATE,
        /** It breaks a rule; see the rejection. */
        REJECTED
    }

    /** How the main chain moved: blocks taken off (tip first), then blocks added (lowest first). */
    public record ChainChange(List<Block> disconnected, List<Block> connected) {
        public static final ChainChange NONE = new ChainChange(List.of(), List.of());

        public ChainChange {
            disconnected = List.copyOf(disconnected);
            connected = List.copyOf(connected);
        }

        public boolean isEmpty() {
            return disconnected.isEmpty() && connected.isEmpty();
        }

        ChainChange then(ChainChange next) {
            if (isEmpty()) {
                return next;
            }
            if (next.isEmpty()) {
                return this;
            }
            List<Block> removed = new ArrayList<>(disconnected);
            List<Block> added = new ArrayList<>(connected);
            for (Block block : next.disconnected) {
                if (!added.isEmpty() && added.get(added.size() - 1).hash().equals(block.hash())) {
                    added.remove(added.size() - 1);
                } else {
                    removed.add(block);
                }
            }
            added.addAll(next.connected);
            return new ChainChange(removed, added);
        }
    }

    /** The answer to a submission: the outcome, the rejection when there is one, and how the chain moved. */
    public record BlockResult(Outcome outcome, Hash hash, Optional<Rejection> rejection, ChainChange change) {
        static BlockResult of(Outcome outcome, Hash hash, ChainChange change) {
            return new BlockResult(outcome, hash, Optional.empty(), change);
        }

        static BlockResult rejected(Hash hash, Rejection rejection, ChainChange change) {
            return new BlockResult(Outcome.REJECTED, hash, Optional.of(rejection), change);
        }
    }

    private final ConsensusParams params;
    private final ChainStore store;
    private final SignatureVerifier verifier;
    private final LongSupplier nowSeconds;
    private final Optional<Hash> pinnedGenesis;

    private final Map<Hash, BlockIndexEntry> index = new HashMap<>();
    private final Map<Hash, List<Hash>> children = new HashMap<>();
    /** Main chain by height. */
    private final List<Hash> mainChain = new ArrayList<>();
    /** Entries with data, connectable, better than the tip: where the chain may move next. Best first. */
    /** The valid header with the most work: where headers-first sync is heading. Null before any header. */
    private BlockIndexEntry bestHeader;
    private final TreeSet<BlockIndexEntry> candidates = new TreeSet<>((a, b) ->
            a.hash().equals(b.hash()) ? 0 : a.isBetterThan(b) ? -1 : 1);
    /** A block whose parent is unknown, who sent it, and its encoded size. */
    private record Orphan(Block block, String source, int bytes) {
    }

    private final LinkedHashMap<Hash, Orphan> orphans = new LinkedHashMap<>();
    private final Map<Hash, List<Hash>> orphansByParent = new HashMap<>();
    private final Map<String, Long> orphanBytesBySource = new HashMap<>();
    private long orphanBytes;

    public ChainState(ConsensusParams params, ChainStore store, SignatureVerifier verifier, LongSupplier nowSeconds,
            Optional<Hash> pinnedGenesis) {
        this.params = params;
        this.store = store;
        this.verifier = verifier;
        this.nowSeconds = nowSeconds;
        this.pinnedGenesis = pinnedGenesis;
        load();
    }

    public ChainState(ConsensusParams params, ChainStore store) {
        this(params, store, SignatureVerifier.withDefaults(), () -> System.currentTimeMillis() / 1000, Optional.empty());
    }

    private void load() {
        store.forEachIndexEntry(entry -> {
            index.put(entry.hash(), entry);
            noteHeader(entry);
            if (!entry.prevHash().isZero()) {
                children.computeIfAbsent(entry.prevHash(), h -> new ArrayList<>()).add(entry.hash());
            }
        });
        store.tip().ifPresent(tip -> {
            BlockIndexEntry entry = requireEntry(tip);
            Hash[] chain = new Hash[(int) entry.height() + 1];
            while (true) {
                chain[(int) entry.height()] = entry.hash();
                if (entry.height() == 0) {
                    break;
                }
                entry = requireEntry(entry.prevHash());
            }
            mainChain.addAll(Arrays.asList(chain));
        });
        for (BlockIndexEntry candidate : index.values()) {
            if (candidate.status().hasData() && (!hasGenesis() || candidate.isBetterThan(tipEntry()))
                    && isConnectable(candidate)) {
                candidates.add(candidate);
            }
        }
        long storedHeight = tipHeight();
        // A block is stored in one commit and connected in the next: a stop or crash between them leaves it to connect now.
        ChainChange replayed = activateBestChain(new HashMap<>());
        if (index.isEmpty()) {
            return;
        }
        LOG.info(() -> "Chain loaded: " + index.size() + " blocks indexed, tip "
                + genesisHash().map(g -> tipHash().toString()).orElse("none") + " at height " + tipHeight()
                + (replayed.isEmpty() ? "" : " (" + replayed.connected().size() + " stored block(s) above height "
                        + storedHeight + " connected)"));
    }

    // ---- Queries

    public ConsensusParams params() {
        return params;
    }

    public boolean hasGenesis() {
        return !mainChain.isEmpty();
    }

    /** Height of the tip, -1 before a genesis. */
    public long tipHeight() {
        return mainChain.size() - 1;
    }

    public Hash tipHash() {
        if (mainChain.isEmpty()) {
            throw new IllegalStateException("the chain has no genesis yet");
        }
        return mainChain.get(mainChain.size() - 1);
    }

    public BlockIndexEntry tipEntry() {
        return requireEntry(tipHash());
    }

    public Optional<Hash> genesisHash() {
        return mainChain.isEmpty() ? Optional.empty() : Optional.of(mainChain.get(0));
    }

    public Optional<Hash> mainChainHash(long height) {
        return height >= 0 && height < mainChain.size() ? Optional.of(mainChain.get((int) height)) : Optional.empty();
    }

    public boolean isOnMainChain(Hash hash) {
        BlockIndexEntry entry = index.get(hash);
        return entry != null && mainChainHash(entry.height()).filter(hash::equals).isPresent();
    }

    public Optional<BlockIndexEntry> indexEntry(Hash hash) {
        return Optional.ofNullable(index.get(hash));
    }

    public Optional<Block> block(Hash hash) {
        return store.block(hash);
    }

    public Optional<Coin> coin(OutPoint outPoint) {
        return store.coin(outPoint);
    }

    /** The main chain's unspent outputs as a view, for the mempool and wallets. */
    public UtxoView utxoView() {
        return store::coin;
    }

    /** Every unspent output of the main chain, in no particular order: a scan of the whole set. */
    public void forEachCoin(java.util.function.Consumer<Utxo> action) {
        store.forEachCoin(action);
    }

    public List<Utxo> coinsOf(Address address) {
        return store.coinsOf(address);
    }

    public long balanceOf(Address address) {
        return store.coinsOf(address).stream().mapToLong(Utxo::value).sum();
    }

    public int orphanCount() {
        return orphans.size();
    }

    /** Encoded bytes of the blocks in the orphan pool. */
    public long orphanBytes() {
        return orphanBytes;
    }

    /**
     * Height of the valid header with the most work, with or without its block: the tip a sync is
     * heading for. Equals {@link #tipHeight()} once synced; -1 before any header.
     */
    public long bestHeaderHeight() {
        return bestHeader == null ? -1 : bestHeader.height();
    }

    /** Keeps {@link #bestHeader} current as an entry is added or changes status. */
    private void noteHeader(BlockIndexEntry entry) {
        if (entry.status() == BlockStatus.INVALID) {
            if (bestHeader != null && bestHeader.hash().equals(entry.hash())) {
                // Rare (a best branch found invalid): look again among the rest.
                bestHeader = index.values().stream().filter(e -> e.status() != BlockStatus.INVALID)
                        .max(java.util.Comparator.comparing(BlockIndexEntry::chainWork)).orElse(null);
            }
            return;
        }
        if (bestHeader == null || entry.chainWork().compareTo(bestHeader.chainWork()) > 0
                || bestHeader.hash().equals(entry.hash())) {
            bestHeader = entry;
        }
    }

    /** Entries in the block index: every header we keep, with or without its block. */
    public int indexSize() {
        return index.size();
    }

    /**
     * Whether a peer needs to send us this block: false once we hold its data, know it to be
     * invalid, or keep it as an orphan. A header alone does not count.
     */
    public boolean knowsBlock(Hash hash) {
        BlockIndexEntry entry = index.get(hash);
        return orphans.containsKey(hash)
                || (entry != null && (entry.status().hasData() || entry.status() == BlockStatus.INVALID));
    }

    /**
     * The blocks to download to complete the branch that ends with the header {@code tip}: its
     * ancestors and itself whose data we lack, lowest first, at most {@code max}, down to the first
     * block that was connected once (its ancestors all have their data). Blocks stored but not yet
     * connected are passed over, not stopped at: a gap below them is what keeps them unconnected.
     * Empty when the branch would not be chosen over the main chain (less work, or equal work and a
     * higher hash: nothing to gain), is invalid, or is unknown.
     */
    public List<Hash> missingBlocks(Hash tip, int max) {
        BlockIndexEntry entry = index.get(tip);
        if (entry == null || entry.status() == BlockStatus.INVALID || (hasGenesis() && !entry.isBetterThan(tipEntry()))) {
            return List.of();
        }
        // Walking down from the tip, keep only the lowest max seen: memory stays O(max) on a long branch.
        Deque<Hash> missing = new ArrayDeque<>();
        while (entry != null && (entry.status() == BlockStatus.HEADER_ONLY || entry.status() == BlockStatus.STORED)) {
            if (entry.status() == BlockStatus.HEADER_ONLY) {
                missing.addFirst(entry.hash());
                if (missing.size() > max) {
                    missing.removeLast();
                }
            }
            entry = entry.height() == 0 ? null : index.get(entry.prevHash());
        }
        if (entry != null && entry.status() == BlockStatus.INVALID) {
            return List.of();
        }
        return List.copyOf(missing);
    }

    /** Median time of the block {@code entry} and up to ten before it: a new child's time must exceed it. */
    public long medianTimePast(BlockIndexEntry entry) {
        long[] times = new long[ConsensusParams.MEDIAN_TIME_SPAN];
        int count = 0;
        BlockIndexEntry cursor = entry;
        while (cursor != null && count < times.length) {
            times[count++] = cursor.header().time();
            cursor = cursor.height() == 0 ? null : index.get(cursor.prevHash());
        }
        long[] sorted = Arrays.copyOf(times, count);
        Arrays.sort(sorted);
        return sorted[count / 2];
    }

    /** The bits a child of {@code parent} must carry: the parent's, or a retarget at interval boundaries. */
    public long requiredBits(BlockIndexEntry parent) {
        if (!params.retargets()) {
            return params.initialBits();
        }
        long height = parent.height() + 1;
        if (height % params.retargetInterval() != 0) {
            return parent.header().bits();
        }
        BlockIndexEntry first = ancestor(parent, height - params.retargetInterval());
        long actual = parent.header().time() - first.header().time();
        return ProofOfWork.retarget(parent.header().bits(), actual, params);
    }

    /** How far a chain tip's branch has come, in Bitcoin Core's getchaintips words. */
    public enum TipStatus {
        /** The tip of the main chain. */
        ACTIVE("active"),
        /** A branch whose every block was connected once and found valid, with less work than the main chain. */
        VALID_FORK("valid-fork"),
        /** Every block of the branch is stored, but not all were connected and checked in full. */
        VALID_HEADERS("valid-headers"),
        /** Some block of the branch is known by its header only. */
        HEADERS_ONLY("headers-only"),
        /** A block of the branch broke a rule. */
        INVALID("invalid");

        private final String coreName;

        TipStatus(String coreName) {
            this.coreName = coreName;
        }

        /** The status as Core's getchaintips writes it. */
        public String coreName() {
            return coreName;
        }
    }

    /** A block of the index no other block builds on (or the main chain's tip), its branch's length off the main chain and its status. */
    public record ChainTip(BlockIndexEntry entry, long branchLength, TipStatus status) {
    }

    /**
     * Every tip of the block index, as Core's getchaintips: the main chain's tip and each block no
     * other indexed block builds on, highest first. A branch is walked down to the main chain for
     * its length and status, so the cost is the blocks off the main chain, each walked once per tip
     * above it.
     */
    public List<ChainTip> chainTips() {
        List<ChainTip> tips = new ArrayList<>();
        for (BlockIndexEntry entry : index.values()) {
            boolean leaf = children.getOrDefault(entry.hash(), List.of()).isEmpty();
            if (hasGenesis() && entry.hash().equals(tipHash())) {
                tips.add(new ChainTip(entry, 0, TipStatus.ACTIVE));
            } else if (leaf) {
                tips.add(branchTip(entry));
            }
        }
        tips.sort(Comparator.comparingLong((ChainTip tip) -> tip.entry().height()).reversed()
                .thenComparing(tip -> tip.entry().hash().toString()));
        return tips;
    }

    private ChainTip branchTip(BlockIndexEntry tip) {
        boolean invalid = false;
        boolean headersOnly = false;
        boolean allValid = true;
        BlockIndexEntry cursor = tip;
        while (cursor != null && !isOnMainChain(cursor.hash())) {
            invalid |= cursor.status() == BlockStatus.INVALID;
            headersOnly |= cursor.status() == BlockStatus.HEADER_ONLY;
            allValid &= cursor.status() == BlockStatus.VALID;
            cursor = cursor.prevHash().isZero() ? null : index.get(cursor.prevHash());
        }
        // A branch that never meets the main chain (another genesis) counts from below its first block.
        long forkHeight = cursor == null ? -1 : cursor.height();
        TipStatus status = invalid ? TipStatus.INVALID : headersOnly ? TipStatus.HEADERS_ONLY
                : allValid ? TipStatus.VALID_FORK : TipStatus.VALID_HEADERS;
        return new ChainTip(tip, tip.height() - forkHeight, status);
    }

    // ---- Submissions

    /** Creates and connects a genesis block paying the subsidy to {@code payTo}; only on a fresh chain. */
    public Block createGenesis(Address payTo) throws ValidationException {
        if (hasGenesis()) {
            throw new ValidationException(RejectCode.GENESIS_MISMATCH,
                    "this chain already has a genesis block " + mainChain.get(0));
        }
        Block genesis = Genesis.create(params, payTo, nowSeconds.getAsLong());
        BlockResult result = submitBlock(genesis);
        if (result.outcome() != Outcome.CONNECTED) {
            throw new ValidationException(result.rejection().orElse(
                    new Rejection(RejectCode.GENESIS_MISMATCH, "the genesis block did not connect: " + result.outcome())));
        }
        return genesis;
    }

    /** A block of this node's own (miner, RPC): see {@link #submitBlock(Block, String)}. */
    public BlockResult submitBlock(Block block) {
        return submitBlock(block, LOCAL_SOURCE);
    }

    /**
     * Takes a block from anywhere (miner, peer, RPC): checks it, stores it, moves the main chain if
     * it now ends a better branch, and connects orphans that were waiting for it. {@code source}
     * names the sender, so one sender's orphans cannot push out everyone else's.
     */
    public BlockResult submitBlock(Block block, String source) {
        Hash hash = block.hash();
        BlockIndexEntry known = index.get(hash);
        if (known != null && known.status() == BlockStatus.INVALID) {
            return BlockResult.rejected(hash, new Rejection(RejectCode.INVALID_PARENT,
                    "block " + hash + " is known to be invalid"), ChainChange.NONE);
        }
        if ((known != null && known.status().hasData()) || orphans.containsKey(hash)) {
            return BlockResult.of(Outcome.DUPLICATE, hash, ChainChange.NONE);
        }
        Optional<Rejection> contextFree = BlockRules.checkContextFree(block, params, nowSeconds.getAsLong());
        if (contextFree.isPresent()) {
            return BlockResult.rejected(hash, contextFree.get(), ChainChange.NONE);
        }
        Hash parentHash = block.header().prevHash();
        if (!parentHash.isZero() && !index.containsKey(parentHash)) {
            addOrphan(block, source);
            return BlockResult.of(Outcome.ORPHAN, hash, ChainChange.NONE);
        }
        BlockResult result = storeAndActivate(block);
        return result.outcome() == Outcome.REJECTED ? result : connectOrphansOf(hash, result);
    }

    /**
     * Where a branch of headers with too little work to keep leaves the headers we hold, and the
     * work it must reach before it is worth storing: the header pre-sync of docs/protocol.md.
     */
    public record LowWorkBranch(BlockIndexEntry chainStart, long chainStartMedianTime, BigInteger requiredWork) {
    }

    /**
     * Whether storing {@code headers} would keep a branch with less work than our main chain
     * (Bitcoin Core's anti-DoS threshold): present when their first header's parent is known, at
     * least one of them is new, and the parent's work plus theirs stays below the tip's. Such
     * headers are not stored; the peer layer checks the branch in bounded memory first. Empty
     * when they connect to nothing (the caller's concern) or carry enough work.
     */
    public Optional<LowWorkBranch> lowWork(List<BlockHeader> headers) {
        if (!hasGenesis() || headers.isEmpty() || headers.get(0).prevHash().isZero()) {
            return Optional.empty();
        }
        BlockIndexEntry parent = index.get(headers.get(0).prevHash());
        if (parent == null || headers.stream().allMatch(header -> index.containsKey(header.hash()))) {
            return Optional.empty();
        }
        BigInteger work = parent.chainWork();
        try {
            for (BlockHeader header : headers) {
                work = work.add(ProofOfWork.workOfBits(header.bits()));
            }
        } catch (IllegalArgumentException e) {
            // Bits that do not decode: acceptHeader rejects the header with its rule.
            return Optional.empty();
        }
        BigInteger required = tipEntry().chainWork();
        return work.compareTo(required) < 0
                ? Optional.of(new LowWorkBranch(parent, medianTimePast(parent), required))
                : Optional.empty();
    }

    /**
     * Takes a header ahead of its block (headers-first sync): checked against its parent and kept
     * in the index, so the block can be asked for and its chain's work is known.
     */
    public Optional<Rejection> acceptHeader(BlockHeader header) {
        Hash hash = header.hash();
        if (index.containsKey(hash)) {
            BlockIndexEntry known = index.get(hash);
            return known.status() == BlockStatus.INVALID
                    ? Optional.of(new Rejection(RejectCode.INVALID_PARENT, "header " + hash + " is known to be invalid"))
                    : Optional.empty();
        }
        Optional<Rejection> rejection = BlockRules.checkHeader(header, hash, params, nowSeconds.getAsLong());
        if (rejection.isPresent()) {
            return rejection;
        }
        try {
            BlockIndexEntry entry = checkAgainstParent(header, hash);
            record(entry.withStatus(BlockStatus.HEADER_ONLY));
            store.commit();
            return Optional.empty();
        } catch (ValidationException e) {
            return Optional.of(e.rejection());
        }
    }

    private BlockResult storeAndActivate(Block block) {
        Hash hash = block.hash();
        BlockIndexEntry entry;
        try {
            entry = checkAgainstParent(block.header(), hash);
            long coinbaseHeight = block.transactions().get(0).coinbaseHeight().orElse(-1);
            if (coinbaseHeight != entry.height()) {
                throw new ValidationException(RejectCode.BAD_COINBASE_HEIGHT,
                        "coinbase carries height " + coinbaseHeight + " but the block is at height " + entry.height());
            }
        } catch (ValidationException e) {
            if (e.code() != RejectCode.GENESIS_MISMATCH && e.code() != RejectCode.DUPLICATE_BLOCK) {
                markInvalid(block.header(), hash);
            }
            return BlockResult.rejected(hash, e.rejection(), ChainChange.NONE);
        }
        BlockIndexEntry stored = entry.withStatus(BlockStatus.STORED);
        store.putBlock(block);
        record(stored);
        store.commit();
        addCandidates(stored);
        return activateBestChain(hash);
    }

    /** Height, chain work, and the rules a header must meet against its parent. */
    private BlockIndexEntry checkAgainstParent(BlockHeader header, Hash hash) throws ValidationException {
        BigInteger work = ProofOfWork.workOfBits(header.bits());
        if (header.prevHash().isZero()) {
            return checkGenesis(header, hash, work);
        }
        BlockIndexEntry parent = index.get(header.prevHash());
        if (parent == null) {
            throw new ValidationException(RejectCode.INVALID_PARENT, "parent " + header.prevHash() + " is unknown");
        }
        if (parent.status() == BlockStatus.INVALID) {
            throw new ValidationException(RejectCode.INVALID_PARENT, "parent " + parent.hash() + " is invalid");
        }
        long required = requiredBits(parent);
        if (header.bits() != required) {
            throw new ValidationException(RejectCode.BAD_DIFFICULTY, String.format(
                    "bits %08x differ from the %08x required at height %d", header.bits(), required, parent.height() + 1));
        }
        long median = medianTimePast(parent);
        if (header.time() <= median) {
            throw new ValidationException(RejectCode.TIME_TOO_OLD,
                    "time " + header.time() + " is not after the median " + median + " of the last blocks");
        }
        return new BlockIndexEntry(hash, header, parent.height() + 1, parent.chainWork().add(work), BlockStatus.STORED);
    }

    private BlockIndexEntry checkGenesis(BlockHeader header, Hash hash, BigInteger work) throws ValidationException {
        Optional<BlockIndexEntry> existing = index.values().stream()
                .filter(e -> e.height() == 0 && e.status() != BlockStatus.INVALID)
                .findAny();
        if (existing.isPresent() && !existing.get().hash().equals(hash)) {
            throw new ValidationException(RejectCode.GENESIS_MISMATCH,
                    "this chain already has genesis " + existing.get().hash() + "; refusing " + hash);
        }
        if (pinnedGenesis.isPresent() && !pinnedGenesis.get().equals(hash)) {
            throw new ValidationException(RejectCode.GENESIS_MISMATCH,
                    "the network's genesis is " + pinnedGenesis.get() + ", not " + hash);
        }
        if (header.bits() != params.initialBits()) {
            throw new ValidationException(RejectCode.BAD_DIFFICULTY,
                    String.format("genesis bits %08x differ from the network's %08x", header.bits(), params.initialBits()));
        }
        return new BlockIndexEntry(hash, header, 0, work, BlockStatus.STORED);
    }

    private void record(BlockIndexEntry entry) {
        BlockIndexEntry previous = index.put(entry.hash(), entry);
        noteHeader(entry);
        if (previous == null && !entry.prevHash().isZero()) {
            children.computeIfAbsent(entry.prevHash(), h -> new ArrayList<>()).add(entry.hash());
        }
        store.putIndexEntry(entry);
    }

    /** A header that breaks a rule in context is remembered as invalid, so its descendants are refused at once. */
    private void markInvalid(BlockHeader header, Hash hash) {
        BigInteger parentWork = header.prevHash().isZero() ? BigInteger.ZERO
                : Optional.ofNullable(index.get(header.prevHash())).map(BlockIndexEntry::chainWork).orElse(null);
        if (parentWork == null) {
            return;
        }
        long height = header.prevHash().isZero() ? 0 : index.get(header.prevHash()).height() + 1;
        record(new BlockIndexEntry(hash, header, height, parentWork.add(ProofOfWork.workOfBits(header.bits())),
                BlockStatus.INVALID));
        store.commit();
    }

    // ---- Orphans

    /**
     * Keeps an orphan within the caps: the sender's own oldest orphans make room for it first;
     * when the pool is full, the oldest orphan of the source holding the most bytes goes, so one
     * flooding sender cannot push out another's orphans.
     */
    private void addOrphan(Block block, String source) {
        int bytes = block.size();
        if (bytes > MAX_ORPHAN_BYTES_PER_SOURCE) {
            return;
        }
        while (orphanBytesBySource.getOrDefault(source, 0L) + bytes > MAX_ORPHAN_BYTES_PER_SOURCE) {
            removeOrphan(oldestOrphanOf(source));
        }
        while (!orphans.isEmpty() && (orphans.size() >= MAX_ORPHAN_BLOCKS || orphanBytes + bytes > MAX_ORPHAN_BYTES)) {
            String largest = orphanBytesBySource.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            removeOrphan(oldestOrphanOf(largest));
        }
        orphans.put(block.hash(), new Orphan(block, source, bytes));
        orphansByParent.computeIfAbsent(block.header().prevHash(), h -> new ArrayList<>()).add(block.hash());
        orphanBytes += bytes;
        orphanBytesBySource.merge(source, (long) bytes, Long::sum);
    }

    private Orphan oldestOrphanOf(String source) {
        return orphans.values().stream().filter(orphan -> orphan.source().equals(source)).findFirst().orElseThrow();
    }

    private void removeOrphan(Orphan orphan) {
        Block block = orphan.block();
        if (orphans.remove(block.hash()) == null) {
            return;
        }
        orphanBytes -= orphan.bytes();
        orphanBytesBySource.computeIfPresent(orphan.source(), (source, bytes) -> bytes == orphan.bytes() ? null : bytes - orphan.bytes());
        List<Hash> siblings = orphansByParent.get(block.header().prevHash());
        if (siblings != null) {
            siblings.remove(block.hash());
            if (siblings.isEmpty()) {
                orphansByParent.remove(block.header().prevHash());
            }
        }
    }

    private BlockResult connectOrphansOf(Hash parent, BlockResult result) {
        ChainChange change = result.change();
        Deque<Hash> parents = new ArrayDeque<>(List.of(parent));
        while (!parents.isEmpty()) {
            List<Hash> waiting = orphansByParent.remove(parents.poll());
            if (waiting == null) {
                continue;
            }
            for (Hash orphanHash : waiting) {
                Orphan orphan = orphans.get(orphanHash);
                if (orphan == null) {
                    continue;
                }
                removeOrphan(orphan);
                BlockResult orphanResult = storeAndActivate(orphan.block());
                change = change.then(orphanResult.change());
                if (orphanResult.outcome() != Outcome.REJECTED) {
                    parents.add(orphanHash);
                } else {
                    LOG.info(() -> "Orphan " + orphanHash + " rejected: " + orphanResult.rejection().orElseThrow());
                }
            }
        }
        Outcome outcome = result.outcome() == Outcome.SIDE_BRANCH && isOnMainChain(result.hash())
                ? Outcome.CONNECTED : result.outcome();
        return new BlockResult(outcome, result.hash(), result.rejection(), change);
    }

    // ---- Best chain

    /** Entries from {@code entry} down its stored descendants that can now become the tip. */
    private void addCandidates(BlockIndexEntry entry) {
        if (!isConnectable(entry)) {
            return;
        }
        Deque<BlockIndexEntry> pending = new ArrayDeque<>(List.of(entry));
        while (!pending.isEmpty()) {
            BlockIndexEntry next = pending.poll();
            if (!hasGenesis() || next.isBetterThan(tipEntry())) {
                candidates.add(next);
            }
            for (Hash child : children.getOrDefault(next.hash(), List.of())) {
                BlockIndexEntry childEntry = index.get(child);
                if (childEntry != null && childEntry.status().hasData()) {
                    pending.add(childEntry);
                }
            }
        }
    }

    /** Whether every block from {@code entry} back to the main chain (or genesis) is stored and not invalid. */
    private boolean isConnectable(BlockIndexEntry entry) {
        BlockIndexEntry cursor = entry;
        while (true) {
            if (!cursor.status().hasData()) {
                return false;
            }
            if (isOnMainChain(cursor.hash()) || cursor.prevHash().isZero()) {
                return true;
            }
            cursor = index.get(cursor.prevHash());
            if (cursor == null) {
                return false;
            }
        }
    }

    /** Moves the main chain to the best candidate and reports the submitted block's fate within that. */
    private BlockResult activateBestChain(Hash submitted) {
        Map<Hash, Rejection> invalidated = new HashMap<>();
        ChainChange change = activateBestChain(invalidated);
        Rejection rejection = invalidated.get(submitted);
        if (rejection != null) {
            return BlockResult.rejected(submitted, rejection, change);
        }
        Outcome outcome = isOnMainChain(submitted) ? Outcome.CONNECTED : Outcome.SIDE_BRANCH;
        return BlockResult.of(outcome, submitted, change);
    }

    /**
     * Moves the main chain to the best candidate, falling back candidate by candidate when a branch
     * turns out invalid; every block so invalidated is added to {@code invalidated} with the reason.
     */
    private ChainChange activateBestChain(Map<Hash, Rejection> invalidated) {
        ChainChange change = ChainChange.NONE;
        while (!candidates.isEmpty()) {
            BlockIndexEntry best = candidates.first();
            if (hasGenesis() && !best.isBetterThan(tipEntry())) {
                candidates.clear();
                break;
            }
            try {
                change = change.then(reorganizeTo(best));
                candidates.removeIf(candidate -> !candidate.isBetterThan(tipEntry()));
            } catch (BlockFailure failure) {
                List<Hash> descendants = invalidateWithDescendants(failure.hash);
                LOG.warning(() -> "Block " + failure.hash + " is invalid (" + failure.rejection + "); "
                        + descendants.size() + " block(s) marked invalid");
                for (Hash hash : descendants) {
                    invalidated.put(hash, hash.equals(failure.hash) ? failure.rejection : new Rejection(
                            failure.rejection.code(), "ancestor " + failure.hash + ": " + failure.rejection.reason()));
                }
            }
        }
        return change;
    }

    private List<Hash> invalidateWithDescendants(Hash hash) {
        List<Hash> invalidated = new ArrayList<>();
        Deque<Hash> pending = new ArrayDeque<>(List.of(hash));
        while (!pending.isEmpty()) {
            Hash next = pending.poll();
            BlockIndexEntry entry = index.get(next);
            if (entry == null) {
                continue;
            }
            candidates.remove(entry);
            record(entry.withStatus(BlockStatus.INVALID));
            invalidated.add(next);
            pending.addAll(children.getOrDefault(next, List.of()));
        }
        store.commit();
        return invalidated;
    }

    /** A block of the branch being connected broke a rule. */
    private static final class BlockFailure extends Exception {
        final Hash hash;
        final Rejection rejection;

        BlockFailure(Hash hash, Rejection rejection) {
            super(rejection.toString(), null, false, false);
            this.hash = hash;
            this.rejection = rejection;
        }
    }

    /**
     * Disconnects the main chain down to where {@code target}'s branch leaves it and connects the
     * branch, in memory; writes everything in one commit only if every block checks out.
     */
    private ChainChange reorganizeTo(BlockIndexEntry target) throws BlockFailure {
        List<BlockIndexEntry> branch = new ArrayList<>();
        BlockIndexEntry cursor = target;
        while (!isOnMainChain(cursor.hash())) {
            branch.add(cursor);
            if (cursor.prevHash().isZero()) {
                break;
            }
            cursor = requireEntry(cursor.prevHash());
        }
        Collections.reverse(branch);
        long forkHeight = branch.get(0).height() - 1;

        CoinsOverlay coins = new CoinsOverlay(store);
        List<Block> disconnected = new ArrayList<>();
        for (long height = tipHeight(); height > forkHeight; height--) {
            Block block = requireBlock(mainChain.get((int) height));
            BlockUndo undo = store.undo(block.hash()).orElseThrow(() -> new ChainStoreException(
                    "the chain store is damaged: no undo record for main-chain block " + block.hash()));
            disconnect(block, undo, coins);
            disconnected.add(block);
        }
        List<Block> connected = new ArrayList<>();
        List<BlockUndo> undos = new ArrayList<>();
        for (BlockIndexEntry entry : branch) {
            Block block = requireBlock(entry.hash());
            try {
                undos.add(connect(block, entry.height(), coins));
            } catch (ValidationException e) {
                throw new BlockFailure(entry.hash(), e.rejection());
            }
            connected.add(block);
        }
        try {
            for (long height = tipHeight(); height > forkHeight; height--) {
                store.removeMainChain(height);
            }
            for (int i = 0; i < branch.size(); i++) {
                BlockIndexEntry entry = branch.get(i);
                store.putUndo(entry.hash(), undos.get(i));
                store.putMainChain(entry.height(), entry.hash());
                if (entry.status() != BlockStatus.VALID) {
                    record(entry.withStatus(BlockStatus.VALID));
                }
            }
            coins.writeTo(store);
            store.setTip(target.hash());
            store.commit();
        } catch (RuntimeException e) {
            store.rollback();
            reloadIndexStatuses(branch);
            throw e;
        }
        while (mainChain.size() > forkHeight + 1) {
            mainChain.remove(mainChain.size() - 1);
        }
        for (BlockIndexEntry entry : branch) {
            mainChain.add(entry.hash());
        }
        if (!disconnected.isEmpty()) {
            LOG.info(() -> "Reorganized: " + disconnected.size() + " block(s) disconnected, " + connected.size()
                    + " connected; tip " + target.hash() + " at height " + target.height());
        }
        return new ChainChange(disconnected, connected);
    }

    private void reloadIndexStatuses(List<BlockIndexEntry> branch) {
        for (BlockIndexEntry entry : branch) {
            index.put(entry.hash(), entry);
            noteHeader(entry);
        }
    }

    /** Applies a block to {@code coins} with every contextual rule; returns its undo record. */
    private BlockUndo connect(Block block, long height, CoinsOverlay coins) throws ValidationException {
        List<Transaction> transactions = block.transactions();
        List<Utxo> spent = new ArrayList<>();
        List<SignatureCheck> signatures = new ArrayList<>();
        long fees = 0;
        for (int t = 1; t < transactions.size(); t++) {
            Transaction tx = transactions.get(t);
            SpendRules.Checked checked;
            try {
                checked = SpendRules.checkInputs(tx, coins, height, params);
            } catch (ValidationException e) {
                throw new ValidationException(e.code(), "transaction " + tx.txid() + ": " + e.rejection().reason());
            }
            fees = Math.addExact(fees, checked.fee());
            signatures.addAll(checked.signatures());
            for (TxIn input : tx.inputs()) {
                spent.add(new Utxo(input.prevOut(), coins.coin(input.prevOut()).orElseThrow()));
                coins.remove(input.prevOut());
            }
            addOutputs(tx, height, false, coins);
        }
        Transaction coinbase = transactions.get(0);
        long claimed = coinbase.outputs().stream().mapToLong(TxOut::value).sum();
        long allowed = params.subsidy() + fees;
        if (claimed > allowed) {
            throw new ValidationException(RejectCode.BAD_COINBASE_VALUE,
                    "coinbase claims " + claimed + " but subsidy and fees allow " + allowed);
        }
        addOutputs(coinbase, height, true, coins);
        Optional<SignatureCheck> bad = verifier.firstFailure(signatures);
        if (bad.isPresent()) {
            throw new ValidationException(RejectCode.BAD_SIGNATURE, "transaction " + bad.get().txid()
                    + " input " + bad.get().inputIndex() + ": the signature does not verify");
        }
        return new BlockUndo(spent);
    }

    private static void addOutputs(Transaction tx, long height, boolean coinbase, CoinsOverlay coins) {
        Hash txid = tx.txid();
        List<TxOut> outputs = tx.outputs();
        for (int i = 0; i < outputs.size(); i++) {
            coins.addNew(new OutPoint(txid, i), new Coin(outputs.get(i), height, coinbase));
        }
    }

    /** Takes a block's effects off {@code coins}, transaction by transaction from the last. */
    private static void disconnect(Block block, BlockUndo undo, CoinsOverlay coins) {
        List<Utxo> spent = undo.spent();
        int next = spent.size();
        List<Transaction> transactions = block.transactions();
        for (int t = transactions.size() - 1; t >= 0; t--) {
            Transaction tx = transactions.get(t);
            for (int i = 0; i < tx.outputs().size(); i++) {
                coins.remove(new OutPoint(tx.txid(), i));
            }
            if (t == 0) {
                break;
            }
            for (int i = tx.inputs().size() - 1; i >= 0; i--) {
                Utxo restored = spent.get(--next);
                coins.restore(restored.outPoint(), restored.coin());
            }
        }
        if (next != 0) {
            throw new ChainStoreException("the chain store is damaged: the undo record of " + block.hash() + " does not match it");
        }
    }

    // ---- Helpers

    private BlockIndexEntry ancestor(BlockIndexEntry entry, long height) {
        if (isOnMainChain(entry.hash())) {
            return requireEntry(mainChain.get((int) height));
        }
        BlockIndexEntry cursor = entry;
        while (cursor.height() > height) {
            cursor = requireEntry(cursor.prevHash());
        }
        return cursor;
    }

    private BlockIndexEntry requireEntry(Hash hash) {
        BlockIndexEntry entry = index.get(hash);
        if (entry == null) {
            throw new ChainStoreException("the chain store is damaged: no index entry for " + hash);
        }
        return entry;
    }

    private Block requireBlock(Hash hash) {
        return store.block(hash).orElseThrow(() -> new ChainStoreException("the chain store is damaged: block " + hash + " is missing"));
    }
}
