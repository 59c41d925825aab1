package minicoin.rpc.explorer;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import minicoin.bus.BusAddresses;
import minicoin.rpc.BusClient;
import minicoin.rpc.RpcError;
import minicoin.rpc.RpcException;

/**
 * Everything the explorer reads, and all it may ask: a fixed set of read-only requests to the
 * chain, peer and miner services. Nothing here reaches the RPC dispatcher, the wallet or any
 * request that changes state, so the page needs no token and can move no coins.
 */
public final class ExplorerQueries {

    /** Latest blocks on the home page. */
    public static final int LATEST_BLOCKS = 10;
    /**
     * Blocks searched for a txid that is not in the mempool, and for an address's history: there is
     * no transaction or address index (as Bitcoin Core without -txindex), so the page reads the
     * latest blocks only. 100 blocks of Minicoin's size are a few megabytes of JSON at most.
     */
    public static final int SCAN_BLOCKS = 100;
    /** Unconfirmed transactions looked up for an address's history. */
    static final int MAX_POOLED_LOOKUPS = 50;

    /** The only addresses this class sends to: read-only requests (docs/eventbus.md). */
    static final List<String> READ_ONLY = List.of(BusAddresses.CHAIN_INFO, BusAddresses.CHAIN_MEMPOOL,
            BusAddresses.CHAIN_GET_BLOCK_JSON, BusAddresses.CHAIN_GET_TRANSACTION, BusAddresses.CHAIN_BALANCE,
            BusAddresses.CHAIN_COINS, BusAddresses.P2P_PEERS, BusAddresses.MINING_INFO);

    private final BusClient bus;

    public ExplorerQueries(BusClient bus) {
        this.bus = Objects.requireNonNull(bus, "bus");
    }

    public Future<JsonObject> home() {
        Future<JsonObject> info = ask(BusAddresses.CHAIN_INFO, new JsonObject());
        Future<JsonObject> mempool = ask(BusAddresses.CHAIN_MEMPOOL, new JsonObject());
        Future<Optional<JsonObject>> peers = askIfRunning(BusAddresses.P2P_PEERS);
        Future<Optional<JsonObject>> mining = askIfRunning(BusAddresses.MINING_INFO);
        Future<List<JsonObject>> latest = info.compose(chain -> latestBlocks(chain.getLong("height", -1L), LATEST_BLOCKS, 1));
        return Future.all(info, mempool, peers, mining, latest).map(all -> ExplorerViews.home(info.result(),
                mempool.result(), latest.result(), peers.result(), mining.result()));
    }

    /** A block by height (all digits) or hash. */
    public Future<JsonObject> block(String id) {
        return ask(BusAddresses.CHAIN_GET_BLOCK_JSON, blockId(id).put("verbosity", 2)).map(ExplorerViews::block);
    }

    /**
     * A transaction: in the given block, else the mempool, else the latest {@link #SCAN_BLOCKS}
     * main-chain blocks.
     */
    public Future<JsonObject> transaction(String txid, Optional<String> blockHash) {
        JsonObject request = new JsonObject().put("txid", txid);
        blockHash.ifPresent(hash -> request.put("blockHash", hash));
        return ask(BusAddresses.CHAIN_GET_TRANSACTION, request)
                .recover(failure -> blockHash.isPresent() || !notFound(failure)
                        ? Future.failedFuture(failure)
                        : findInLatestBlocks(txid))
                .map(ExplorerViews::transaction);
    }

    public Future<JsonObject> address(String address) {
        Future<JsonObject> balance = ask(BusAddresses.CHAIN_BALANCE, new JsonObject().put("address", address));
        Future<JsonObject> coins = ask(BusAddresses.CHAIN_COINS, new JsonObject().put("address", address));
        Future<List<JsonObject>> pooled = coins.compose(found -> all(ExplorerViews.unconfirmedTxids(found, MAX_POOLED_LOOKUPS)
                .stream().map(txid -> ask(BusAddresses.CHAIN_GET_TRANSACTION, new JsonObject().put("txid", txid))
                        .otherwiseEmpty())
                .toList()));
        Future<List<JsonObject>> scanned = ask(BusAddresses.CHAIN_INFO, new JsonObject())
                .compose(chain -> latestBlocks(chain.getLong("height", -1L), SCAN_BLOCKS, 2));
        return Future.all(balance, coins, pooled, scanned).map(all -> ExplorerViews.address(address, balance.result(),
                coins.result(), scanned.result(), pooled.result()));
    }

    /**
     * Where a search for this hash leads: "block" or "tx" (and the block holding it), or NOT_FOUND.
     */
    public Future<JsonObject> locateHash(String hash) {
        return ask(BusAddresses.CHAIN_GET_BLOCK_JSON, new JsonObject().put("hash", hash).put("verbosity", 0))
                .map(block -> new JsonObject().put("page", "block").put("id", hash))
                .recover(failure -> !notFound(failure) ? Future.failedFuture(failure)
                        : transaction(hash, Optional.empty()).map(tx -> new JsonObject().put("page", "tx").put("id", hash)
                                .put("block", tx.getString("blockHash"))));
    }

    private Future<JsonObject> findInLatestBlocks(String txid) {
        return ask(BusAddresses.CHAIN_INFO, new JsonObject())
                .compose(chain -> latestBlocks(chain.getLong("height", -1L), SCAN_BLOCKS, 1))
                .compose(blocks -> {
                    for (JsonObject block : blocks) {
                        if (block.getJsonArray("txids", new JsonArray()).contains(txid)) {
                            return ask(BusAddresses.CHAIN_GET_TRANSACTION,
                                    new JsonObject().put("txid", txid).put("blockHash", block.getString("hash")));
                        }
                    }
                    return Future.failedFuture(new RpcException(RpcError.NOT_FOUND,
                            "transaction " + txid + " is neither in the mempool nor in the latest " + SCAN_BLOCKS
                                    + " blocks (the node keeps no transaction index)"));
                });
    }

    /** The main-chain blocks from the tip down, at most {@code count}, newest first. */
    private Future<List<JsonObject>> latestBlocks(long tip, int count, int verbosity) {
        List<Future<JsonObject>> blocks = new ArrayList<>();
        for (long height = tip; height >= 0 && height > tip - count; height--) {
            blocks.add(ask(BusAddresses.CHAIN_GET_BLOCK_JSON,
                    new JsonObject().put("height", height).put("verbosity", verbosity)).otherwiseEmpty());
        }
        return all(blocks);
    }

    private static Future<List<JsonObject>> all(List<Future<JsonObject>> futures) {
        return Future.all(futures).map(done -> futures.stream().map(Future::result).filter(Objects::nonNull).toList());
    }

    private static JsonObject blockId(String id) {
        return id.chars().allMatch(Character::isDigit) && !id.isEmpty() && id.length() < 10
                ? new JsonObject().put("height", Long.parseLong(id))
                : new JsonObject().put("hash", id);
    }

    private Future<JsonObject> ask(String address, JsonObject body) {
        if (!READ_ONLY.contains(address)) {
            throw new IllegalArgumentException(address + " is not a read-only request");
        }
        return bus.request(address, body);
    }

    private Future<Optional<JsonObject>> askIfRunning(String address) {
        return bus.requestIfRunning(address, new JsonObject());
    }

    static boolean notFound(Throwable failure) {
        return failure instanceof RpcException rpc && rpc.error() == RpcError.NOT_FOUND;
    }
}
