package minicoin.node;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.logging.Logger;
import minicoin.bus.BusError;
import minicoin.bus.BusFailure;
import minicoin.chain.BlockIndexEntry;
import minicoin.chain.BlockLocator;
import minicoin.chain.ChainState.BlockResult;
import minicoin.chain.ChainState;
import minicoin.chain.Ledger;
import minicoin.chain.Mempool;
import minicoin.chain.MempoolFile;
import minicoin.chain.Utxo;
import minicoin.chain.ValidationException;
import minicoin.core.Block;
import minicoin.core.BlockHeader;
import minicoin.core.Bytes;
import minicoin.core.CodecException;
import minicoin.core.Hash;
import minicoin.core.JsonView;
import minicoin.core.OutPoint;
import minicoin.core.ProofOfWork;
import minicoin.core.RejectCode;
import minicoin.core.Transaction;
import minicoin.crypto.Address;
import minicoin.crypto.AddressFormatException;
import minicoin.p2p.BusChainAccess;
import minicoin.p2p.GetHeaders;
import minicoin.p2p.Headers;
import minicoin.p2p.InvItem;
import minicoin.p2p.Transactions;

/**
 * The chain worker's answers to event-bus requests (docs/eventbus.md), as plain methods from JSON
 * to JSON over a {@link Ledger}: what {@link ChainVerticle} wires to addresses, tested without it.
 */
public final class ChainService {

    /** Difficulty 1 is the easiest target of Bitcoin's main network, as Bitcoin reports difficulty. */
    private static final BigInteger DIFFICULTY_ONE_TARGET = ProofOfWork.decodeBits(0x1d00ffffL);

    /**
     * A mempool.dat above this many times the pool's heap cap is refused unread: the encoded
     * transactions of a full pool take less than their heap estimate, so a real file stays far below.
     */
    static final int MEMPOOL_FILE_CAP_FACTOR = 2;

    /**
     * Core's getnetworkhashps default: the hash rate is estimated over the last 120 blocks (about
     * two hours at Bitcoin's pace), and walking that many index entries bounds each estimate's work.
     */
    static final int HASH_RATE_LOOKUP_BLOCKS = 120;

    /** Core's package limit for testmempoolaccept: 25 transactions a call (MAX_PACKAGE_COUNT). */
    public static final int MAX_TEST_TRANSACTIONS = 25;

    /** The orphan pool's source of blocks from RPC's submitblock: capped apart from the miner's and the peers'. */
    static final String RPC_SOURCE = "rpc";
    /**
     * Txids in one chain.txsLeft event: about 67 KB of JSON, a message like the others on the bus;
     * a deep reorg's list (never more than the disconnected blocks and the pool, both already in
     * memory) goes out in several events, in order, each acted on by itself.
     */
    static final int MAX_TXIDS_PER_LEFT_EVENT = 1_000;

    private static final Logger LOG = Logger.getLogger(ChainService.class.getName());

    private final Ledger ledger;
    private final String network;
    /** Where the pool is saved ({@code dataDir/mempool.dat}); null when it is not kept. */
    private final Path mempoolFile;
    /** {@link Mempool#changeCount()} at the last save or load. */
    private long savedChangeCount = -1;

    public ChainService(Ledger ledger, String network) {
        this(ledger, network, null);
    }

    public ChainService(Ledger ledger, String network, Path mempoolFile) {
        this.ledger = ledger;
        this.network = network;
        this.mempoolFile = mempoolFile;
    }

    public Ledger ledger() {
        return ledger;
    }

    private ChainState chain() {
        return ledger.chain();
    }

    public JsonObject info() {
        ChainState chain = chain();
        JsonObject info = new JsonObject()
                .put("network", network)
                .put("height", chain.tipHeight())
                .put("mempoolSize", ledger.mempool().size())
                .put("mempoolBytes", ledger.mempool().bytes())
                .put("mempoolUsage", ledger.mempool().usage())
                .put("headers", chain.indexSize())
                .put("bestHeaderHeight", chain.bestHeaderHeight())
                .put("orphans", chain.orphanCount())
                .put("orphanBytes", chain.orphanBytes());
        if (!chain.hasGenesis()) {
            return info.putNull("bestHash").putNull("genesisHash").put("bits", ProofOfWork.hex(chain.params().initialBits()))
                    .put("difficulty", difficulty(chain.params().initialBits())).put("chainWork", "0");
        }
        BlockIndexEntry tip = chain.tipEntry();
        long nextBits = chain.requiredBits(tip);
        return info.put("bestHash", tip.hash().toString())
                .put("genesisHash", chain.genesisHash().orElseThrow().toString())
                .put("bits", ProofOfWork.hex(nextBits))
                .put("difficulty", difficulty(nextBits))
                .put("chainWork", tip.chainWork().toString(16))
                .put("time", tip.header().time())
                .put("medianTime", chain.medianTimePast(tip))
                .put("networkHashPs", networkHashesPerSecond(tip, chain::indexEntry, HASH_RATE_LOOKUP_BLOCKS));
    }

    /**
     * Core's getnetworkhashps: the chain work the last {@code lookup} blocks added (fewer near the
     * genesis) divided by the span of their times, from the earliest to the latest of those blocks
     * and the one before them; 0 at the genesis or when the span is zero. At most {@code lookup}
     * index look-ups.
     */
    static double networkHashesPerSecond(BlockIndexEntry tip, Function<Hash, Optional<BlockIndexEntry>> index, int lookup) {
        long steps = Math.min(lookup, tip.height());
        BlockIndexEntry first = tip;
        long minTime = tip.header().time();
        long maxTime = minTime;
        for (long i = 0; i < steps; i++) {
            Optional<BlockIndexEntry> parent = index.apply(first.prevHash());
            if (parent.isEmpty()) {
                break;
            }
            first = parent.get();
            minTime = Math.min(minTime, first.header().time());
            maxTime = Math.max(maxTime, first.header().time());
        }
        if (minTime == maxTime) {
            return 0;
        }
        return new java.math.BigDecimal(tip.chainWork().subtract(first.chainWork()))
                .divide(java.math.BigDecimal.valueOf(maxTime - minTime), 8, java.math.RoundingMode.HALF_UP).doubleValue();
    }

    static double difficulty(long bits) {
        return new java.math.BigDecimal(DIFFICULTY_ONE_TARGET)
                .divide(new java.math.BigDecimal(ProofOfWork.decodeBits(bits)), 8, java.math.RoundingMode.HALF_UP)
                .doubleValue();
    }

    public BlockReply createGenesis(JsonObject request) throws BusFailure {
        Address address = address(request, "address");
        try {
            Block genesis = ledger.createGenesis(address);
            return new BlockReply(new JsonObject().put("hash", genesis.hash().toString()).put("height", 0), List.of(genesis));
        } catch (ValidationException e) {
            throw rejected(e);
        }
    }

    /**
     * The reply to a submitted block, the blocks that joined the main chain because of it, the
     * transactions of blocks a reorg took off that are back in the mempool (to announce again), and
     * the txids that left the chain and the pool for good ({@link Ledger#submit}), for the wallet.
     */
    public record BlockReply(JsonObject json, List<Block> connected, List<Transaction> returnedToMempool, List<Hash> left) {
        public BlockReply(JsonObject json, List<Block> connected) {
            this(json, connected, List.of(), List.of());
        }
    }

    public BlockReply submitBlock(Block block) {
        return submitBlock(block, ChainState.LOCAL_SOURCE);
    }

    /** @param source who sent the block (a peer's address, or the local miner), for the orphan pool's per-source cap */
    public BlockReply submitBlock(Block block, String source) {
        Ledger.Submission submission = ledger.submit(block, source);
        BlockResult result = submission.result();
        JsonObject reply = new JsonObject().put("outcome", result.outcome().name()).put("hash", result.hash().toString());
        chain().indexEntry(result.hash()).filter(e -> result.outcome() != ChainState.Outcome.REJECTED)
                .ifPresent(entry -> reply.put("height", entry.height()));
        result.rejection().ifPresent(r -> reply.put("rejection",
                new JsonObject().put("code", r.code().name()).put("reason", r.reason())));
        List<Transaction> returned = result.change().disconnected().stream()
                .flatMap(disconnected -> disconnected.transactions().stream())
                .filter(tx -> !tx.isCoinbase() && ledger.mempool().contains(tx.txid()))
                .toList();
        return new BlockReply(reply, result.change().connected(), returned, submission.left());
    }

    /** The chain.txsLeft events telling {@code left}: {"txids": [...]}, at most {@link #MAX_TXIDS_PER_LEFT_EVENT} each, in order. */
    static List<JsonObject> txsLeftEvents(List<Hash> left) {
        List<JsonObject> events = new ArrayList<>();
        for (int from = 0; from < left.size(); from += MAX_TXIDS_PER_LEFT_EVENT) {
            JsonArray txids = new JsonArray();
            left.subList(from, Math.min(left.size(), from + MAX_TXIDS_PER_LEFT_EVENT)).forEach(txid -> txids.add(txid.toString()));
            events.add(new JsonObject().put("txids", txids));
        }
        return events;
    }

    /** The transaction of a {@code {"hex"}} request (chain.submitRawTx); INVALID_REQUEST if it is not one. */
    public static Transaction rawTransaction(JsonObject request) throws BusFailure {
        Object hex = request.getValue("hex");
        if (!(hex instanceof String text)) {
            throw new BusFailure(BusError.INVALID_REQUEST, "hex must be a string");
        }
        try {
            return Transaction.decode(Bytes.fromHex(text).toArray());
        } catch (IllegalArgumentException | CodecException e) {
            throw new BusFailure(BusError.INVALID_REQUEST, "hex is not a transaction: " + e.getMessage());
        }
    }

    public JsonObject submitTransaction(Transaction tx) throws BusFailure {
        try {
            long fee = ledger.submitTransaction(tx);
            return new JsonObject().put("txid", tx.txid().toString()).put("fee", fee);
        } catch (ValidationException e) {
            throw rejected(e);
        }
    }

    // ---- mempool.dat (docs/storage.md)

    /**
     * Reloads the pool saved by the last run, each transaction re-validated as a new one; says what
     * happened in the log. A missing file is a first start; a damaged or oversized one is refused
     * with a log line and left for inspection, and the node starts with an empty pool.
     */
    public Ledger.Restored loadMempool() {
        Ledger.Restored none = new Ledger.Restored(0, 0, Map.of());
        if (mempoolFile == null || !Files.exists(mempoolFile)) {
            return none;
        }
        List<Mempool.Pooled> saved;
        try {
            saved = MempoolFile.read(mempoolFile, MEMPOOL_FILE_CAP_FACTOR * ledger.mempool().policy().maxUsageBytes());
        } catch (MempoolFile.InvalidFileException e) {
            LOG.warning(() -> "Mempool not restored: " + e.getMessage() + " (the file is left as it is and replaced at the next save)");
            return none;
        } catch (IOException e) {
            LOG.warning(() -> "Mempool not restored: cannot read " + mempoolFile + ": " + e.getMessage());
            return none;
        }
        Ledger.Restored restored = ledger.restoreMempool(saved);
        // A file with transactions that stayed out is rewritten at the next save even if nothing else changes.
        savedChangeCount = restored.accepted() == saved.size() ? ledger.mempool().changeCount() : -1;
        LOG.info(() -> "Mempool restored from " + MempoolFile.FILE_NAME + ": " + restored.accepted() + " of " + saved.size()
                + " transaction(s) accepted, " + restored.expired() + " expired, " + restored.refusedCount() + " refused"
                + (restored.refused().isEmpty() ? "" : " " + restored.refused()));
        return restored;
    }

    /**
     * Saves the pool to mempool.dat (RPC savemempool): {"filename": the absolute path}.
     *
     * @throws BusFailure INTERNAL when the node keeps no mempool file or the write fails
     */
    public JsonObject saveMempool() throws BusFailure {
        if (mempoolFile == null) {
            throw new BusFailure(BusError.INTERNAL, "this chain service keeps no mempool file");
        }
        List<Mempool.Pooled> pooled = ledger.mempool().snapshot();
        try {
            long bytes = MempoolFile.write(mempoolFile, pooled);
            savedChangeCount = ledger.mempool().changeCount();
            LOG.fine(() -> "Mempool saved: " + pooled.size() + " transaction(s), " + bytes + " bytes");
        } catch (IOException e) {
            throw new BusFailure(BusError.INTERNAL, "cannot save the mempool to " + mempoolFile + ": " + e.getMessage());
        }
        return new JsonObject().put("filename", mempoolFile.toAbsolutePath().toString());
    }

    /** Saves the pool if it changed since it was last saved or loaded; a failure is logged, not thrown. */
    public void saveMempoolIfChanged() {
        if (mempoolFile == null || ledger.mempool().changeCount() == savedChangeCount) {
            return;
        }
        try {
            saveMempool();
        } catch (BusFailure e) {
            LOG.warning(e.getMessage());
        }
    }

    /**
     * A wallet's unconfirmed transaction, offered again (Core's ResendWalletTransactions): admitted
     * if the pool lacks it. {"txid", "accepted": true when it was newly admitted, false when the
     * pool held it already}; either way the caller has it announced to the peers again.
     *
     * @throws BusFailure REJECTED "CODE: reason" when a rule refuses it (spent, conflicting, ...)
     */
    public JsonObject rebroadcast(Transaction tx) throws BusFailure {
        if (ledger.mempool().contains(tx.txid())) {
            return new JsonObject().put("txid", tx.txid().toString()).put("accepted", false);
        }
        return submitTransaction(tx).put("accepted", true);
    }

    /** The block a request names by {@code hash} or {@code height}, with its height. */
    public Map.Entry<Block, Long> block(JsonObject request) throws BusFailure {
        Hash hash = blockHash(request);
        Block block = chain().block(hash).orElseThrow(() -> new BusFailure(BusError.NOT_FOUND, "no block " + hash));
        return Map.entry(block, chain().indexEntry(hash).map(BlockIndexEntry::height).orElse(-1L));
    }

    public JsonObject blockJson(JsonObject request) throws BusFailure {
        int verbosity = request.getInteger("verbosity", 1);
        if (verbosity < 0 || verbosity > 2) {
            throw new BusFailure(BusError.INVALID_REQUEST, "verbosity must be 0, 1 or 2");
        }
        Map.Entry<Block, Long> found = block(request);
        Block block = found.getKey();
        long height = found.getValue();
        OptionalLong knownHeight = height >= 0 ? OptionalLong.of(height) : OptionalLong.empty();
        JsonObject json;
        if (verbosity == 2) {
            json = new JsonObject(JsonView.block(block, knownHeight));
        } else {
            json = new JsonObject(JsonView.header(block.header(), knownHeight));
            if (verbosity == 1) {
                json.put("size", block.size()).put("txids", new JsonArray(
                        block.transactions().stream().map(tx -> tx.txid().toString()).toList()));
            }
        }
        boolean main = chain().isOnMainChain(block.hash());
        // What Core's getblock and getblockheader report beside the header: the work up to it, its median time.
        chain().indexEntry(block.hash()).ifPresent(entry -> json
                .put("chainWork", entry.chainWork().toString(16)).put("medianTime", chain().medianTimePast(entry)));
        if (Boolean.TRUE.equals(request.getValue("hex"))) {
            // The whole block encoded (Core's getblock verbosity 0, and 2's transactions, built in RPC).
            json.put("hex", Bytes.of(block.encode()).hex());
        }
        return json.put("confirmations", main ? chain().tipHeight() - height + 1 : 0);
    }

    public JsonObject blockHash(long height) throws BusFailure {
        return new JsonObject().put("hash", chain().mainChainHash(height)
                .orElseThrow(() -> new BusFailure(BusError.NOT_FOUND, "no block at height " + height)).toString());
    }

    public JsonObject transaction(JsonObject request) throws BusFailure {
        Hash txid = hash(request, "txid");
        Optional<Transaction> pooled = ledger.mempool().get(txid);
        if (pooled.isPresent()) {
            return new JsonObject().put("transaction", new JsonObject(JsonView.transaction(pooled.get())))
                    .put("hex", Bytes.of(pooled.get().encode()).hex())
                    .put("inMempool", true).put("confirmations", 0);
        }
        if (request.getValue("blockHash") == null) {
            throw new BusFailure(BusError.NOT_FOUND, "transaction " + txid
                    + " is not in the mempool; name the block that holds it (there is no transaction index)");
        }
        Hash blockHash = hash(request, "blockHash");
        Block block = chain().block(blockHash).orElseThrow(() -> new BusFailure(BusError.NOT_FOUND, "no block " + blockHash));
        Transaction tx = block.transactions().stream().filter(t -> t.txid().equals(txid)).findFirst()
                .orElseThrow(() -> new BusFailure(BusError.NOT_FOUND, "block " + blockHash + " holds no transaction " + txid));
        long height = chain().indexEntry(blockHash).map(BlockIndexEntry::height).orElse(-1L);
        boolean main = chain().isOnMainChain(blockHash);
        return new JsonObject().put("transaction", new JsonObject(JsonView.transaction(tx)))
                .put("hex", Bytes.of(tx.encode()).hex()).put("inMempool", false)
                .put("blockHash", blockHash.toString()).put("height", height).put("blockTime", block.header().time())
                .put("confirmations", main ? chain().tipHeight() - height + 1 : 0);
    }

    /**
     * As {@link #mempool()}; with {@code "verbose": true} also {@code "entries"}: each pool
     * transaction as {@link Mempool.EntryView} shows it, keyed by txid (for getrawmempool verbose).
     */
    public JsonObject mempool(JsonObject request) {
        JsonObject result = mempool();
        if (!Boolean.TRUE.equals(request.getValue("verbose"))) {
            return result;
        }
        JsonObject entries = new JsonObject();
        for (Mempool.EntryView view : ledger.mempool().entryViews()) {
            entries.put(view.txid().toString(), entryJson(view));
        }
        return result.put("entries", entries);
    }

    /** The pool's transactions and figures; fee rates are whole coins per 1000 bytes (docs/mempool.md). */
    public JsonObject mempool() {
        Mempool mempool = ledger.mempool();
        return new JsonObject()
                .put("txids", new JsonArray(mempool.txids().stream().map(Hash::toString).toList()))
                .put("size", mempool.size())
                .put("bytes", mempool.bytes())
                .put("usage", mempool.usage())
                .put("maxmempool", mempool.policy().maxUsageBytes())
                .put("mempoolminfee", mempool.minimumFee().coinsPerKb())
                .put("minrelaytxfee", mempool.policy().minRelayFee().coinsPerKb());
    }

    public JsonObject balance(JsonObject request) throws BusFailure {
        Address address = address(request, "address");
        List<Utxo> coins = ledger.confirmedCoins(address);
        long confirmed = sum(coins);
        long spent = coins.stream()
                .filter(utxo -> ledger.spentInMempool(utxo.outPoint())).mapToLong(Utxo::value).sum();
        long unconfirmed = sum(ledger.unconfirmedCoins(address));
        return new JsonObject().put("address", address.toString()).put("confirmed", confirmed)
                .put("withUnconfirmed", confirmed - spent + unconfirmed).put("pending", unconfirmed);
    }

    public JsonObject coins(JsonObject request) throws BusFailure {
        Address address = address(request, "address");
        List<Utxo> confirmed = ledger.confirmedCoins(address);
        JsonArray spent = new JsonArray();
        for (Utxo utxo : confirmed) {
            if (ledger.spentInMempool(utxo.outPoint())) {
                spent.add(outPoint(utxo.outPoint()));
            }
        }
        return new JsonObject().put("tipHeight", ledger.tipHeight())
                .put("confirmed", coinList(confirmed))
                .put("unconfirmed", coinList(ledger.unconfirmedCoins(address)))
                .put("spentInMempool", spent);
    }

    public Block template(JsonObject request) throws BusFailure {
        if (!chain().hasGenesis()) {
            throw new BusFailure(BusError.NO_GENESIS, "the chain has no genesis block yet");
        }
        Address address = address(request, "address");
        String extra = request.getString("extraNonce", "");
        Bytes extraNonce;
        try {
            extraNonce = Bytes.fromHex(extra);
        } catch (IllegalArgumentException e) {
            throw new BusFailure(BusError.INVALID_REQUEST, "extraNonce must be hex: " + e.getMessage());
        }
        if (extraNonce.length() > minicoin.core.TxIn.MAX_COINBASE_EXTRA_BYTES) {
            throw new BusFailure(BusError.INVALID_REQUEST, "extraNonce is at most "
                    + minicoin.core.TxIn.MAX_COINBASE_EXTRA_BYTES + " bytes");
        }
        return ledger.blockTemplate(address, extraNonce);
    }

    // ---- Core's chain, mempool and mining methods (docs/rpc.md)

    /** Core's getchaintips: {"tips": [{"height", "hash", "branchlen", "status"}]}, highest first. */
    public JsonObject chainTips() {
        JsonArray tips = new JsonArray();
        for (ChainState.ChainTip tip : chain().chainTips()) {
            tips.add(new JsonObject().put("height", tip.entry().height()).put("hash", tip.entry().hash().toString())
                    .put("branchlen", tip.branchLength()).put("status", tip.status().coreName()));
        }
        return new JsonObject().put("tips", tips);
    }

    /**
     * One unspent output, as Core's gettxout needs it: {"found": false} when it is spent or unknown,
     * else {"found": true, "bestblock", "confirmations" (0 for a mempool output), "value", "address",
     * "coinbase"}. With {@code includeMempool} (the default) an output the pool spends is not found
     * and the pool's own outputs are; without, only the chain's coins count.
     */
    public JsonObject txOut(JsonObject request) throws BusFailure {
        Hash txid = hash(request, "txid");
        Object n = request.getValue("n");
        if (!(n instanceof Number index) || index.longValue() < 0 || index.longValue() > Integer.MAX_VALUE) {
            throw new BusFailure(BusError.INVALID_REQUEST, "n must be a non-negative integer");
        }
        JsonObject missing = new JsonObject().put("found", false);
        if (!chain().hasGenesis()) {
            return missing;
        }
        OutPoint outPoint = new OutPoint(txid, index.intValue());
        boolean includeMempool = !Boolean.FALSE.equals(request.getValue("includeMempool"));
        Optional<minicoin.chain.Coin> coin = includeMempool
                ? ledger.mempool().view(chain().utxoView()).coin(outPoint) : chain().coin(outPoint);
        if (coin.isEmpty()) {
            return missing;
        }
        // A pool transaction's output has no confirmation yet, whatever height the pool gave it.
        long confirmations = includeMempool && ledger.mempool().contains(txid)
                ? 0 : chain().tipHeight() - coin.get().height() + 1;
        return new JsonObject().put("found", true).put("bestblock", chain().tipHash().toString())
                .put("confirmations", confirmations).put("value", coin.get().value())
                .put("address", coin.get().output().address().toString()).put("coinbase", coin.get().coinbase());
    }

    /**
     * Core's gettxoutsetinfo over a scan of the whole UTXO set: {"height", "bestblock", "txouts",
     * "transactions" (with at least one unspent output), "total_amount" (whole coins)}. The chain
     * worker answers nothing else meanwhile: 7 to 9 s a million coins on a shared 2-core machine (docs/rpc.md).
     */
    public JsonObject txOutSetInfo() throws BusFailure {
        if (!chain().hasGenesis()) {
            throw new BusFailure(BusError.NO_GENESIS, "the chain has no genesis block yet");
        }
        long[] totals = new long[2];
        java.util.Set<Hash> transactions = new java.util.HashSet<>();
        chain().forEachCoin(utxo -> {
            totals[0]++;
            totals[1] += utxo.value();
            transactions.add(utxo.outPoint().txid());
        });
        return new JsonObject().put("height", chain().tipHeight()).put("bestblock", chain().tipHash().toString())
                .put("txouts", totals[0]).put("transactions", transactions.size()).put("total_amount", totals[1]);
    }

    /** One pool transaction as an entry of {@link #mempool(JsonObject)} verbose (Core's getmempoolentry); NOT_FOUND when the pool lacks it. */
    public JsonObject mempoolEntry(JsonObject request) throws BusFailure {
        Hash txid = hash(request, "txid");
        return ledger.mempool().entryView(txid).map(ChainService::entryJson)
                .orElseThrow(() -> new BusFailure(BusError.NOT_FOUND, "Transaction not in mempool"));
    }

    /**
     * Core's testmempoolaccept: {"hexes": [...]} tried in order against the pool, each as if those
     * before it that pass had been admitted, none admitted ({@link Mempool#testInOrder}).
     * {"results": [{"txid", "wtxid", "allowed", "size" and "fee" when allowed, "rejectCode" and
     * "reason" when not}]}; hex that is not a transaction is INVALID_REQUEST.
     */
    public JsonObject testTransactions(JsonObject request) throws BusFailure {
        Object hexes = request.getValue("hexes");
        if (!(hexes instanceof JsonArray list) || list.size() > MAX_TEST_TRANSACTIONS) {
            throw new BusFailure(BusError.INVALID_REQUEST, "hexes must be a list of at most " + MAX_TEST_TRANSACTIONS + " transactions");
        }
        List<Transaction> txs = new java.util.ArrayList<>(list.size());
        for (Object hex : list) {
            txs.add(rawTransaction(new JsonObject().put("hex", hex)));
        }
        JsonArray results = new JsonArray();
        for (Mempool.Tested tested : ledger.testTransactions(txs)) {
            Transaction tx = tested.tx();
            JsonObject result = new JsonObject().put("txid", tx.txid().toString()).put("wtxid", tx.fullHash().toString())
                    .put("allowed", tested.allowed());
            tested.rejection().ifPresentOrElse(
                    rejection -> result.put("rejectCode", rejection.code().name()).put("reason", rejection.reason()),
                    () -> result.put("size", tx.size()).put("fee", tested.fee()));
            results.add(result);
        }
        return new JsonObject().put("results", results);
    }

    /**
     * What Core's getblocktemplate builds on: {"version", "previousblockhash", "height", "bits",
     * "target", "curtime", "mintime", "coinbasevalue", "sizelimit", "transactions": [{"data",
     * "txid", "hash", "fee", "size", "depends": 1-based indexes in this list of the pool parents
     * it spends}]}. NO_GENESIS before a genesis.
     */
    public JsonObject blockTemplateJson() throws BusFailure {
        if (!chain().hasGenesis()) {
            throw new BusFailure(BusError.NO_GENESIS, "the chain has no genesis block yet");
        }
        Ledger.TemplateContents contents = ledger.templateContents();
        Map<Hash, Integer> positions = new java.util.HashMap<>();
        JsonArray transactions = new JsonArray();
        for (int i = 0; i < contents.transactions().size(); i++) {
            Transaction tx = contents.transactions().get(i);
            JsonArray depends = new JsonArray();
            tx.inputs().stream().map(input -> positions.get(input.prevOut().txid())).filter(java.util.Objects::nonNull)
                    .distinct().sorted().forEach(depends::add);
            positions.put(tx.txid(), i + 1);
            transactions.add(new JsonObject().put("data", Bytes.of(tx.encode()).hex()).put("txid", tx.txid().toString())
                    .put("hash", tx.fullHash().toString()).put("depends", depends).put("fee", contents.fees().get(i))
                    .put("size", tx.size()));
        }
        return new JsonObject().put("version", BlockHeader.CURRENT_VERSION)
                .put("previousblockhash", contents.parent().hash().toString())
                .put("height", contents.height())
                .put("bits", ProofOfWork.hex(contents.bits()))
                .put("target", String.format("%064x", ProofOfWork.decodeBits(contents.bits())))
                .put("curtime", contents.time()).put("mintime", contents.minTime())
                .put("coinbasevalue", contents.coinbaseValue())
                .put("sizelimit", chain().params().maxBlockBytes())
                .put("transactions", transactions);
    }

    /**
     * A block in hex (RPC's submitblock): decoded, then submitted as {@link #submitBlock(Block, String)}
     * does, with "knownInvalid": true when the index held it as invalid already (Core's
     * "duplicate-invalid"). Hex that is not exactly one block is INVALID_REQUEST.
     */
    public BlockReply submitRawBlock(JsonObject request) throws BusFailure {
        Object hex = request.getValue("hex");
        if (!(hex instanceof String text)) {
            throw new BusFailure(BusError.INVALID_REQUEST, "hex must be a string");
        }
        Block block;
        try {
            block = Block.decode(Bytes.fromHex(text).toArray());
        } catch (IllegalArgumentException | CodecException e) {
            throw new BusFailure(BusError.INVALID_REQUEST, "hex is not a block: " + e.getMessage());
        }
        boolean knownInvalid = chain().indexEntry(block.hash())
                .filter(entry -> entry.status() == minicoin.chain.BlockStatus.INVALID).isPresent();
        BlockReply reply = submitBlock(block, RPC_SOURCE);
        reply.json().put("knownInvalid", knownInvalid);
        return reply;
    }

    static JsonObject entryJson(Mempool.EntryView view) {
        return new JsonObject()
                .put("fullHash", view.fullHash().toString()).put("size", view.size()).put("fee", view.fee())
                .put("time", view.time()).put("height", view.height())
                .put("ancestorCount", view.ancestorCount()).put("ancestorSize", view.ancestorBytes())
                .put("ancestorFees", view.ancestorFees())
                .put("descendantCount", view.descendantCount()).put("descendantSize", view.descendantBytes())
                .put("descendantFees", view.descendantFees())
                .put("depends", new JsonArray(view.depends().stream().map(Hash::toString).toList()))
                .put("spentBy", new JsonArray(view.spentBy().stream().map(Hash::toString).toList()));
    }

    // ---- Requests of the peer layer (docs/eventbus.md, docs/protocol.md)

    /** At most this many blocks to download are named in one answer to {@link #acceptHeaders}. */
    static final int MAX_MISSING_BLOCKS = 4096;

    public JsonObject locator() {
        return new JsonObject().put("locator", BusChainAccess.hexList(BlockLocator.of(chain())));
    }

    /** Our main-chain headers after the fork point with the request's locator: a HEADERS payload. */
    public Headers headers(JsonObject request) throws BusFailure {
        List<Hash> locator = hashList(request, "locator", GetHeaders.MAX_LOCATOR_HASHES);
        Hash stop = request.getValue("stop") == null ? Hash.ZERO : hash(request, "stop");
        Object max = request.getValue("max", Headers.MAX_HEADERS);
        if (!(max instanceof Integer count) || count < 1 || count > Headers.MAX_HEADERS) {
            throw new BusFailure(BusError.INVALID_REQUEST, "max must be an integer 1.." + Headers.MAX_HEADERS);
        }
        return new Headers(BlockLocator.headersAfter(chain(), locator, stop, count));
    }

    /**
     * Accepts a peer's headers in order until one fails: {"accepted": n, "unconnected": the first
     * does not attach to anything we know, "rejection"?: {"code", "reason", "hash"}, "missing":
     * the blocks to download, lowest first, for the branch the last good header ends}. Headers
     * that would keep a branch with less work than our chain are not stored (docs/protocol.md,
     * header pre-sync): the reply then has accepted 0 and "lowWork": {"chainStart": the 80-byte
     * header they fork from, in hex, "height", "chainWork", "medianTimePast", "requiredWork"}.
     * {@code presynced} headers passed that pre-sync in the peer layer and are stored whatever
     * their branch's work so far.
     */
    public JsonObject acceptHeaders(Headers message, boolean presynced) {
        List<BlockHeader> headers = message.headers();
        JsonObject reply = new JsonObject().put("unconnected", false);
        if (!presynced) {
            Optional<ChainState.LowWorkBranch> lowWork = chain().lowWork(headers);
            if (lowWork.isPresent()) {
                BlockIndexEntry start = lowWork.get().chainStart();
                return reply.put("accepted", 0).put("missing", new JsonArray()).put("lowWork", new JsonObject()
                        .put("chainStart", Bytes.of(start.header().encode()).hex())
                        .put("height", start.height())
                        .put("chainWork", start.chainWork().toString(16))
                        .put("medianTimePast", lowWork.get().chainStartMedianTime())
                        .put("requiredWork", lowWork.get().requiredWork().toString(16)));
            }
        }
        Hash last = null;
        int accepted = 0;
        for (BlockHeader header : headers) {
            Hash hash = header.hash();
            boolean attaches = last != null ? header.prevHash().equals(last)
                    : header.prevHash().isZero() || chain().indexEntry(header.prevHash()).isPresent();
            if (!attaches) {
                reply.put("unconnected", true);
                break;
            }
            Optional<minicoin.core.Rejection> rejection = chain().acceptHeader(header);
            if (rejection.isPresent()) {
                reply.put("rejection", new JsonObject().put("code", rejection.get().code().name())
                        .put("reason", rejection.get().reason()).put("hash", hash.toString()));
                break;
            }
            last = hash;
            accepted++;
        }
        List<Hash> missing = last == null ? List.of() : chain().missingBlocks(last, MAX_MISSING_BLOCKS);
        return reply.put("accepted", accepted).put("missing", BusChainAccess.hexList(missing));
    }

    public JsonObject acceptHeaders(Headers message) {
        return acceptHeaders(message, false);
    }

    /** Of the announced blocks and transactions, those we lack: {"blocks": [...], "txs": [...]}. */
    public JsonObject inventory(JsonObject request) throws BusFailure {
        List<Hash> blocks = hashList(request, "blocks", InvItem.MAX_ITEMS);
        List<Hash> txids = hashList(request, "txs", InvItem.MAX_ITEMS);
        return new JsonObject()
                .put("blocks", BusChainAccess.hexList(blocks.stream().filter(hash -> !chain().knowsBlock(hash)).toList()))
                .put("txs", BusChainAccess.hexList(txids.stream().filter(txid -> !ledger.mempool().contains(txid)).toList()));
    }

    /** The mempool transactions among {"txids": [...]}, in that order, as a TRANSACTIONS payload; unknown ones are skipped. */
    public Transactions transactions(JsonObject request) throws BusFailure {
        List<Hash> txids = hashList(request, "txids", Transactions.MAX_TRANSACTIONS);
        List<Transaction> found = new ArrayList<>();
        for (Hash txid : txids) {
            ledger.mempool().get(txid).ifPresent(found::add);
        }
        return new Transactions(found);
    }

    /**
     * {"max": n} (1 to {@link InvItem#MAX_ITEMS}) → {"txids": [...]}: at most n mempool txids to
     * announce to a new peer, the best fee rate first, parents before children ({@link Mempool#relayOrder}).
     */
    public JsonObject poolTxids(JsonObject request) throws BusFailure {
        Object max = request.getValue("max");
        if (!(max instanceof Integer count) || count < 1 || count > InvItem.MAX_ITEMS) {
            throw new BusFailure(BusError.INVALID_REQUEST, "max must be a whole number from 1 to " + InvItem.MAX_ITEMS);
        }
        return new JsonObject().put("txids", BusChainAccess.hexList(ledger.mempool().relayOrder(count)));
    }

    // ---- JSON helpers

    private static List<Hash> hashList(JsonObject request, String field, int max) throws BusFailure {
        Object value = request.getValue(field);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof JsonArray array) || array.size() > max) {
            throw new BusFailure(BusError.INVALID_REQUEST, field + " must be a list of at most " + max + " hashes");
        }
        List<Hash> hashes = new java.util.ArrayList<>(array.size());
        for (Object item : array) {
            if (!(item instanceof String text)) {
                throw new BusFailure(BusError.INVALID_REQUEST, field + " must hold 64-digit hex hashes");
            }
            try {
                hashes.add(Hash.fromHex(text));
            } catch (IllegalArgumentException e) {
                throw new BusFailure(BusError.INVALID_REQUEST, field + ": " + e.getMessage());
            }
        }
        return hashes;
    }

    static JsonObject outPoint(OutPoint outPoint) {
        return new JsonObject().put("txid", outPoint.txid().toString()).put("index", outPoint.index());
    }

    private static JsonArray coinList(List<Utxo> coins) {
        JsonArray list = new JsonArray();
        for (Utxo utxo : coins) {
            list.add(outPoint(utxo.outPoint()).put("value", utxo.value()).put("height", utxo.coin().height())
                    .put("coinbase", utxo.coin().coinbase()));
        }
        return list;
    }

    private static long sum(List<Utxo> coins) {
        return coins.stream().mapToLong(Utxo::value).sum();
    }

    private Hash blockHash(JsonObject request) throws BusFailure {
        Object height = request.getValue("height");
        if (height != null) {
            if (!(height instanceof Number number) || number.longValue() < 0) {
                throw new BusFailure(BusError.INVALID_REQUEST, "height must be a non-negative integer");
            }
            return chain().mainChainHash(number.longValue())
                    .orElseThrow(() -> new BusFailure(BusError.NOT_FOUND, "no block at height " + height));
        }
        return hash(request, "hash");
    }

    static Hash hash(JsonObject request, String field) throws BusFailure {
        Object value = request.getValue(field);
        if (!(value instanceof String text)) {
            throw new BusFailure(BusError.INVALID_REQUEST, field + " must be a 64-digit hex hash");
        }
        try {
            return Hash.fromHex(text);
        } catch (IllegalArgumentException e) {
            throw new BusFailure(BusError.INVALID_REQUEST, field + ": " + e.getMessage());
        }
    }

    static Address address(JsonObject request, String field) throws BusFailure {
        Object value = request.getValue(field);
        if (!(value instanceof String text)) {
            throw new BusFailure(BusError.INVALID_REQUEST, field + " must be an address string");
        }
        try {
            return Address.parse(text);
        } catch (AddressFormatException e) {
            throw new BusFailure(BusError.BAD_ADDRESS, field + " is not a valid address: " + e.getMessage());
        }
    }

    private static BusFailure rejected(ValidationException e) {
        RejectCode code = e.code();
        return new BusFailure(BusError.REJECTED, code.name() + ": " + e.rejection().reason());
    }
}
