package minicoin.node;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import minicoin.bus.BusAddresses;
import minicoin.bus.BusError;
import minicoin.bus.BusFailure;
import minicoin.chain.ChainState;
import minicoin.chain.Ledger;
import minicoin.chain.Mempool;
import minicoin.chain.MempoolFile;
import minicoin.chain.MempoolPolicy;
import minicoin.chain.SignatureCache;
import minicoin.chain.SignatureVerifier;
import minicoin.chain.VerifyChain;
import minicoin.chain.store.ChainStores;
import minicoin.chain.store.MapDbChainStore;
import minicoin.config.NodeConfig;
import minicoin.core.Block;
import minicoin.core.ConsensusParams;
import minicoin.core.Hash;
import minicoin.core.NodeClock;
import minicoin.core.Transaction;
import minicoin.p2p.Headers;

/**
 * The chain worker: owns the chain store, the chain state and the mempool, and answers the
 * {@code chain.*} addresses (docs/eventbus.md). Deployed as a worker with a pool of one thread, so
 * requests are handled one at a time and the store has a single writer; signature checks fan out
 * to a pool of their own.
 */
public final class ChainVerticle extends VerticleBase {

    /**
     * How often mempool.dat is rewritten if the pool changed: a kill loses at most this much of
     * other nodes' transactions (the wallet keeps its own in wallet.db), and a full pool's few
     * megabytes written every minute cost little.
     */
    static final long MEMPOOL_SAVE_INTERVAL_MS = 60_000;

    private static final Logger LOG = Logger.getLogger(ChainVerticle.class.getName());

    private MapDbChainStore store;
    private ForkJoinPool signaturePool;
    private ChainService service;
    private BusAddresses addresses;
    private Hash publishedTip;
    /** chain.info is the most asked; it changes only when a block or a transaction is accepted. */
    private JsonObject cachedInfo;
    private SyncProgress progress;

    @Override
    public Future<?> start() {
        NodeConfig config = NodeConfig.fromJson(config());
        addresses = new BusAddresses(config.node().busPrefix());
        ConsensusParams params = ConsensusParams.byName(config.network().id());
        signaturePool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
        SignatureVerifier verifier = new SignatureVerifier(new SignatureCache(SignatureCache.DEFAULT_CAPACITY), signaturePool);
        try {
            store = openStore(config, params, verifier);
        } catch (RuntimeException e) {
            signaturePool.shutdown();
            throw e;
        }
        LongSupplier clock = NodeClock.fromSystemProperties();
        ChainState chain = new ChainState(params, store, verifier, clock, Optional.empty());
        Ledger ledger = new Ledger(chain, new Mempool(params, MempoolPolicy.DEFAULT, verifier, clock), clock);
        service = new ChainService(ledger, config.network().id(), config.dataDir().resolve(MempoolFile.FILE_NAME));
        service.loadMempool();
        publishedTip = chain.hasGenesis() ? chain.tipHash() : null;

        EventBus bus = vertx.eventBus();
        bus.<JsonObject>consumer(addresses.of(BusAddresses.CHAIN_INFO), reply(request -> info()));
        bus.<JsonObject>consumer(addresses.of(BusAddresses.CHAIN_CREATE_GENESIS),
                reply(request -> announce(service.createGenesis(request.body()))));
        bus.<Block>consumer(addresses.of(BusAddresses.CHAIN_SUBMIT_BLOCK), reply(request -> {
            String source = request.headers().get(BusAddresses.SOURCE_HEADER);
            long started = System.nanoTime();
            JsonObject reply = announce(service.submitBlock(request.body(), source == null ? ChainState.LOCAL_SOURCE : source));
            publishProcessed(reply, System.nanoTime() - started);
            return reply;
        }));
        bus.<Transaction>consumer(addresses.of(BusAddresses.CHAIN_SUBMIT_TX), reply(request -> submittedOrCounted(request.body())));
        bus.<JsonObject>consumer(addresses.of(BusAddresses.CHAIN_SUBMIT_RAW_TX),
                reply(request -> submittedOrCounted(ChainService.rawTransaction(request.body()))));
        bus.<Transaction>consumer(addresses.of(BusAddresses.CHAIN_REBROADCAST_TX), reply(request -> {
            JsonObject result = service.rebroadcast(request.body());
            boolean admitted = result.getBoolean("accepted");
            if (admitted) {
                cachedInfo = null;
            }
            bus.publish(addresses.of(admitted ? BusAddresses.MEMPOOL_TX_ACCEPTED : BusAddresses.MEMPOOL_TX_REBROADCAST),
                    request.body());
            return result;
        }));
        bus.<JsonObject>consumer(addresses.of(BusAddresses.CHAIN_SUBMIT_RAW_BLOCK),
                reply(request -> announce(service.submitRawBlock(request.body()))));
        bus.<JsonObject>consumer(addresses.of(BusAddresses.CHAIN_TIPS), reply(request -> service.chainTips()));
        bus.<JsonObject>consumer(addresses.of(BusAddresses.CHAIN_TX_OUT), reply(request -> service.txOut(request.body())));
        bus.<JsonObject>consumer(addresses.of(BusAddresses.CHAIN_TX_OUT_SET_INFO), reply(request -> service.txOutSetInfo()));
        bus.<JsonObject>consumer(addresses.of(BusAddresses.CHAIN_MEMPOOL_ENTRY),
                reply(request -> service.mempoolEntry(request.body())));
        bus.<JsonObject>consumer(addresses.of(BusAddresses.CHAIN_TEST_TXS),
                reply(request -> service.testTransactions(request.body())));
        bus.<JsonObject>consumer(addresses.of(BusAddresses.CHAIN_BLOCK_TEMPLATE), reply(request -> service.blockTemplateJson()));
        bus.<JsonObject>consumer(addresses.of(BusAddresses.CHAIN_SAVE_MEMPOOL), reply(request -> service.saveMempool()));
        bus.<JsonObject>consumer(addresses.of(BusAddresses.CHAIN_GET_BLOCK), request -> handle(request, () -> {
            Map.Entry<Block, Long> found = service.block(request.body());
            request.reply(found.getKey(), new DeliveryOptions().addHeader("height", Long.toString(found.getValue())));
        }));
        bus.<JsonObject>consumer(addresses.of(BusAddresses.CHAIN_GET_BLOCK_JSON), reply(request -> service.blockJson(request.body())));
        bus.<JsonObject>consumer(addresses.of(BusAddresses.CHAIN_GET_BLOCK_HASH), reply(request -> {
            Object height = request.body().getValue("height");
            if (!(height instanceof Number number) || number.longValue() < 0) {
                throw new BusFailure(BusError.INVALID_REQUEST, "height must be a non-negative integer");
            }
            return service.blockHash(number.longValue());
        }));
        bus.<JsonObject>consumer(addresses.of(BusAddresses.CHAIN_GET_TRANSACTION), reply(request -> service.transaction(request.body())));
        bus.<JsonObject>consumer(addresses.of(BusAddresses.CHAIN_MEMPOOL), reply(request -> service.mempool(request.body())));
        bus.<JsonObject>consumer(addresses.of(BusAddresses.CHAIN_BALANCE), reply(request -> service.balance(request.body())));
        bus.<JsonObject>consumer(addresses.of(BusAddresses.CHAIN_COINS), reply(request -> service.coins(request.body())));
        bus.<JsonObject>consumer(addresses.of(BusAddresses.CHAIN_TEMPLATE), request -> handle(request,
                () -> request.reply(service.template(request.body()))));
        bus.<JsonObject>consumer(addresses.of(BusAddresses.CHAIN_LOCATOR), reply(request -> service.locator()));
        bus.<JsonObject>consumer(addresses.of(BusAddresses.CHAIN_HEADERS), request -> handle(request,
                () -> request.reply(service.headers(request.body()))));
        bus.<Headers>consumer(addresses.of(BusAddresses.CHAIN_ACCEPT_HEADERS), reply(request -> {
            JsonObject verdict = service.acceptHeaders(request.body(),
                    "true".equals(request.headers().get(BusAddresses.PRESYNCED_HEADER)));
            if (verdict.getInteger("accepted") > 0) {
                // Headers never move the tip, but chain.info counts them.
                cachedInfo = null;
            }
            return verdict;
        }));
        bus.<JsonObject>consumer(addresses.of(BusAddresses.CHAIN_INVENTORY), reply(request -> service.inventory(request.body())));
        bus.<JsonObject>consumer(addresses.of(BusAddresses.CHAIN_GET_TRANSACTIONS), request -> handle(request,
                () -> request.reply(service.transactions(request.body()))));
        bus.<JsonObject>consumer(addresses.of(BusAddresses.CHAIN_POOL_TXIDS), reply(request -> service.poolTxids(request.body())));
        vertx.setPeriodic(MEMPOOL_SAVE_INTERVAL_MS, id -> saveMempool());
        progress = new SyncProgress(System.currentTimeMillis());
        vertx.setPeriodic(SyncProgress.INTERVAL_MILLIS, id -> progress.tick(chain.tipHeight(), chain.bestHeaderHeight(),
                System.currentTimeMillis()).ifPresent(LOG::info));
        LOG.info(() -> "Chain service ready on " + config.network().id() + ": " + service.info().encode());
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        try {
            if (service != null) {
                saveMempool();
            }
            if (store != null) {
                store.close();
                LOG.info("Chain store closed");
            }
        } finally {
            if (signaturePool != null) {
                signaturePool.shutdown();
            }
        }
        return Future.succeededFuture();
    }

    private JsonObject info() {
        if (cachedInfo == null) {
            cachedInfo = service.info();
        }
        return cachedInfo;
    }

    /**
     * Opens the chain store in {@code dataDir/chain} and re-checks its last blocks
     * ({@code chain.checkBlocks}); damage found is logged and refused here, the one place a rebuild
     * from the block files would be called instead.
     */
    /** Opens (importing an old chain.db, or rebuilding from the block files, when needed), then re-checks the last blocks. */
    private static MapDbChainStore openStore(NodeConfig config, ConsensusParams params, SignatureVerifier verifier) {
        MapDbChainStore opened = ChainStores.open(config.dataDir(), params, verifier);
        try {
            long started = System.nanoTime();
            Optional<VerifyChain.Damage> damage = new VerifyChain(opened).check(config.chain().checkBlocks());
            if (damage.isPresent()) {
                LOG.severe(damage.get().describe());
                throw damage.get().refusal();
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            LOG.fine(() -> "Checked the last " + config.chain().checkBlocks() + " blocks of the main chain in " + millis + " ms");
            return opened;
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    private void saveMempool() {
        try {
            service.saveMempoolIfChanged();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Saving the mempool failed", e);
        }
    }

    /** For the metrics (docs/metrics.md): what became of a block, and how long the chain took over it. */
    private void publishProcessed(JsonObject reply, long nanos) {
        JsonObject rejection = reply.getJsonObject("rejection");
        vertx.eventBus().publish(addresses.of(BusAddresses.CHAIN_BLOCK_PROCESSED), new JsonObject()
                .put("hash", reply.getString("hash")).put("outcome", reply.getString("outcome"))
                .put("code", rejection == null ? null : rejection.getString("code"))
                .put("nanos", nanos));
    }

    /** As {@link #submitted}; a refusal is also published for the metrics, with its code. */
    private JsonObject submittedOrCounted(Transaction tx) throws BusFailure {
        try {
            return submitted(tx);
        } catch (BusFailure e) {
            vertx.eventBus().publish(addresses.of(BusAddresses.MEMPOOL_TX_REJECTED), new JsonObject()
                    .put("txid", tx.txid().toString()).put("error", e.error().name()).put("reason", e.getMessage()));
            throw e;
        }
    }

    /** Admits a transaction to the mempool and tells the peer layer, which announces it. */
    private JsonObject submitted(Transaction tx) throws BusFailure {
        JsonObject result = service.submitTransaction(tx);
        cachedInfo = null;
        vertx.eventBus().publish(addresses.of(BusAddresses.MEMPOOL_TX_ACCEPTED), tx);
        return result;
    }

    /**
     * Publishes every block that joined the main chain, then the transactions that left for good
     * (after the blocks, so a wallet has reset its records to the new branch first), those a reorg
     * returned to the pool, then the tip if it moved; returns the reply.
     */
    private JsonObject announce(ChainService.BlockReply reply) {
        cachedInfo = null;
        int transactions = 0;
        for (Block block : reply.connected()) {
            vertx.eventBus().publish(addresses.of(BusAddresses.CHAIN_BLOCK_CONNECTED), block);
            transactions += block.transactions().size();
        }
        for (JsonObject left : ChainService.txsLeftEvents(reply.left())) {
            vertx.eventBus().publish(addresses.of(BusAddresses.CHAIN_TXS_LEFT), left);
        }
        progress.connected(reply.connected().size(), transactions);
        for (Transaction tx : reply.returnedToMempool()) {
            vertx.eventBus().publish(addresses.of(BusAddresses.MEMPOOL_TX_ACCEPTED), tx);
        }
        ChainState chain = service.ledger().chain();
        if (!chain.hasGenesis() || chain.tipHash().equals(publishedTip)) {
            return reply.json();
        }
        publishedTip = chain.tipHash();
        vertx.eventBus().publish(addresses.of(BusAddresses.CHAIN_TIP),
                new JsonObject().put("hash", publishedTip.toString()).put("height", chain.tipHeight()));
        return reply.json();
    }

    private interface Answer<T> {
        JsonObject answer(Message<T> request) throws BusFailure;
    }

    private interface Action {
        void run() throws BusFailure;
    }

    private <T> Handler<Message<T>> reply(Answer<T> answer) {
        return request -> handle(request, () -> request.reply(answer.answer(request)));
    }

    /** Runs a request; a refusal becomes its bus failure, a bug an INTERNAL failure that is logged. */
    private static void handle(Message<?> request, Action action) {
        try {
            action.run();
        } catch (BusFailure e) {
            request.fail(e.error().code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Chain request to " + request.address() + " failed", e);
            request.fail(BusError.INTERNAL.code(), "internal error in the chain service: " + e.getMessage());
        }
    }
}
