package minicoin.p2p;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import minicoin.bus.BusAddresses;
import minicoin.bus.BusError;
import minicoin.chain.ChainState;
import minicoin.core.Block;
import minicoin.core.BlockHeader;
import minicoin.core.Bytes;
import minicoin.core.CodecException;
import minicoin.core.Hash;
import minicoin.core.RejectCode;
import minicoin.core.Rejection;
import minicoin.core.Transaction;

/**
 * {@link ChainAccess} over the event bus: each call is a request to the chain worker
 * (docs/eventbus.md). Replies arrive on the caller's context, so the peers see one thread.
 */
public final class BusChainAccess implements ChainAccess {

    /** Long enough for the chain worker to connect a large block with every signature checked. */
    static final long REQUEST_TIMEOUT_MILLIS = 30_000;

    private final EventBus bus;
    private final BusAddresses addresses;
    private final DeliveryOptions options = new DeliveryOptions().setSendTimeout(REQUEST_TIMEOUT_MILLIS);

    public BusChainAccess(EventBus bus, BusAddresses addresses) {
        this.bus = bus;
        this.addresses = addresses;
    }

    @Override
    public CompletionStage<Summary> summary() {
        return this.<JsonObject>request(BusAddresses.CHAIN_INFO, new JsonObject()).map(BusChainAccess::summary)
                .toCompletionStage();
    }

    @Override
    public CompletionStage<List<Hash>> locator() {
        return this.<JsonObject>request(BusAddresses.CHAIN_LOCATOR, new JsonObject())
                .map(reply -> hashes(reply.getJsonArray("locator"))).toCompletionStage();
    }

    @Override
    public CompletionStage<List<BlockHeader>> headers(List<Hash> locator, Hash stop, int max) {
        JsonObject request = new JsonObject().put("locator", hexList(locator)).put("stop", stop.toString()).put("max", max);
        return this.<Headers>request(BusAddresses.CHAIN_HEADERS, request).map(Headers::headers).toCompletionStage();
    }

    @Override
    public CompletionStage<HeadersVerdict> acceptHeaders(List<BlockHeader> headers, boolean presynced) {
        DeliveryOptions marked = new DeliveryOptions(options).addHeader(BusAddresses.PRESYNCED_HEADER, Boolean.toString(presynced));
        return bus.<JsonObject>request(addresses.of(BusAddresses.CHAIN_ACCEPT_HEADERS), new Headers(headers), marked)
                .map(io.vertx.core.eventbus.Message::body).map(BusChainAccess::headersVerdict).toCompletionStage();
    }

    @Override
    public CompletionStage<Inventory> missing(Inventory announced) {
        JsonObject request = new JsonObject().put("blocks", hexList(announced.blocks())).put("txs", hexList(announced.txs()));
        return this.<JsonObject>request(BusAddresses.CHAIN_INVENTORY, request)
                .map(reply -> new Inventory(hashes(reply.getJsonArray("blocks")), hashes(reply.getJsonArray("txs"))))
                .toCompletionStage();
    }

    @Override
    public CompletionStage<Optional<Block>> block(Hash hash) {
        return this.<Block>request(BusAddresses.CHAIN_GET_BLOCK, new JsonObject().put("hash", hash.toString()))
                .map(Optional::of)
                .recover(failure -> BusError.of(failure) == BusError.NOT_FOUND
                        ? Future.succeededFuture(Optional.empty()) : Future.failedFuture(failure))
                .toCompletionStage();
    }

    @Override
    public CompletionStage<List<Transaction>> transactions(List<Hash> txids) {
        return this.<Transactions>request(BusAddresses.CHAIN_GET_TRANSACTIONS, new JsonObject().put("txids", hexList(txids)))
                .map(Transactions::transactions).toCompletionStage();
    }

    @Override
    public CompletionStage<List<Hash>> poolTxids(int max) {
        return this.<JsonObject>request(BusAddresses.CHAIN_POOL_TXIDS, new JsonObject().put("max", max))
                .map(reply -> hashes(reply.getJsonArray("txids"))).toCompletionStage();
    }

    @Override
    public CompletionStage<BlockVerdict> submitBlock(Block block, String source) {
        DeliveryOptions marked = new DeliveryOptions(options).addHeader(BusAddresses.SOURCE_HEADER, source);
        return bus.<JsonObject>request(addresses.of(BusAddresses.CHAIN_SUBMIT_BLOCK), block, marked)
                .map(io.vertx.core.eventbus.Message::body).map(BusChainAccess::blockVerdict).toCompletionStage();
    }

    @Override
    public CompletionStage<Optional<Rejection>> submitTransaction(Transaction tx) {
        return this.<JsonObject>request(BusAddresses.CHAIN_SUBMIT_TX, tx).map(reply -> Optional.<Rejection>empty())
                .recover(failure -> {
                    Optional<Rejection> rejection = failure instanceof ReplyException reply
                            && BusError.of(failure) == BusError.REJECTED ? rejection(reply.getMessage()) : Optional.empty();
                    return rejection.isPresent() ? Future.succeededFuture(rejection) : Future.failedFuture(failure);
                })
                .toCompletionStage();
    }

    private <T> Future<T> request(String name, Object body) {
        return bus.<T>request(addresses.of(name), body, options).map(io.vertx.core.eventbus.Message::body);
    }

    // ---- Replies of the chain worker to records; the tests' chain uses them too

    /** {@code chain.info} to a handshake summary. */
    public static Summary summary(JsonObject info) {
        String genesis = info.getString("genesisHash");
        if (genesis == null) {
            return new Summary(Hash.ZERO, 0, Hash.ZERO, BigInteger.ZERO);
        }
        return new Summary(Hash.fromHex(genesis), info.getLong("height"), Hash.fromHex(info.getString("bestHash")),
                new BigInteger(info.getString("chainWork"), 16));
    }

    /** {@code chain.acceptHeaders}' reply to a verdict. */
    public static HeadersVerdict headersVerdict(JsonObject reply) {
        JsonObject rejection = reply.getJsonObject("rejection");
        JsonObject lowWork = reply.getJsonObject("lowWork");
        return new HeadersVerdict(reply.getInteger("accepted"), reply.getBoolean("unconnected", false),
                rejection == null ? Optional.empty() : Optional.of(new Rejection(
                        RejectCode.valueOf(rejection.getString("code")), rejection.getString("reason"))),
                hashes(reply.getJsonArray("missing")),
                lowWork == null ? Optional.empty() : Optional.of(lowWork(lowWork)));
    }

    private static LowWork lowWork(JsonObject json) {
        BlockHeader start;
        try {
            start = BlockHeader.decode(Bytes.fromHex(json.getString("chainStart")).toArray());
        } catch (CodecException e) {
            throw new IllegalArgumentException("chain.acceptHeaders sent a malformed chainStart", e);
        }
        return new LowWork(start, json.getLong("height"), new BigInteger(json.getString("chainWork"), 16),
                json.getLong("medianTimePast"), new BigInteger(json.getString("requiredWork"), 16));
    }

    /** {@code chain.submitBlock}'s reply to a verdict. */
    public static BlockVerdict blockVerdict(JsonObject reply) {
        JsonObject rejection = reply.getJsonObject("rejection");
        return new BlockVerdict(ChainState.Outcome.valueOf(reply.getString("outcome")),
                rejection == null ? Optional.empty() : Optional.of(new Rejection(
                        RejectCode.valueOf(rejection.getString("code")), rejection.getString("reason"))));
    }

    /** A REJECTED failure's text, "CODE: reason", to its rejection; empty when the code is not one of ours. */
    static Optional<Rejection> rejection(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Rejection(RejectCode.valueOf(text.substring(0, colon)), text.substring(colon + 1).trim()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public static JsonArray hexList(List<Hash> hashes) {
        JsonArray list = new JsonArray();
        hashes.forEach(hash -> list.add(hash.toString()));
        return list;
    }

    public static List<Hash> hashes(JsonArray list) {
        List<Hash> hashes = new ArrayList<>(list == null ? 0 : list.size());
        if (list != null) {
            for (int i = 0; i < list.size(); i++) {
                hashes.add(Hash.fromHex(list.getString(i)));
            }
        }
        return hashes;
    }
}
