package minicoin.rpc;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import minicoin.bus.BusAddresses;
import minicoin.bus.BusError;

/**
 * Stand-ins for the chain, wallet, miner and node services on the bus, answering as
 * docs/eventbus.md says with fixed data, or as a test tells them: fail with a code, stay silent, or
 * be absent. Every request is recorded.
 */
final class StubNode {

    static final String GENESIS = "000000aa" + "11".repeat(28);
    static final String BEST = "000000bb" + "22".repeat(28);
    static final String BLOCK = "000000cc" + "33".repeat(28);
    static final String TXID = "dd".repeat(32);
    static final String ADDRESS = "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2";
    static final String OTHER_ADDRESS = "1LYHhJdjXpAHMBaCFbR4yyMFyEiqv8CkCE";
    static final String NEW_ADDRESS = "14sQwPzfVb9hqw4zP6m5nAPBnM8c4wFhwo";

    private final Vertx vertx;
    private final BusAddresses addresses;
    private final Map<String, Handler<Message<JsonObject>>> behaviours = new ConcurrentHashMap<>();
    private final Map<String, MessageConsumer<JsonObject>> consumers = new ConcurrentHashMap<>();
    private final Map<String, List<JsonObject>> requests = new ConcurrentHashMap<>();

    private StubNode(Vertx vertx, String busPrefix) {
        this.vertx = vertx;
        this.addresses = new BusAddresses(busPrefix);
    }

    /** A node whose chain has five blocks on the genesis, a wallet with two addresses and a miner. */
    static Future<StubNode> start(Vertx vertx, String busPrefix) {
        StubNode node = new StubNode(vertx, busPrefix);
        node.answer(BusAddresses.CHAIN_INFO, request -> chainInfo(5, BEST, GENESIS));
        node.answer(BusAddresses.CHAIN_CREATE_GENESIS, request -> new JsonObject().put("hash", GENESIS).put("height", 0));
        node.answer(BusAddresses.CHAIN_GET_BLOCK_JSON, request -> new JsonObject()
                .put("hash", BLOCK).put("height", 1).put("confirmations", 5).put("tx", new JsonArray().add(TXID)));
        node.answer(BusAddresses.CHAIN_GET_BLOCK_HASH, request -> new JsonObject().put("hash", BLOCK));
        node.answer(BusAddresses.CHAIN_GET_TRANSACTION, request -> new JsonObject()
                .put("transaction", new JsonObject().put("txid", request.getString("txid")))
                .put("inMempool", true).put("confirmations", 0));
        node.answer(BusAddresses.CHAIN_MEMPOOL, request -> new JsonObject()
                .put("txids", new JsonArray().add(TXID)).put("size", 1).put("bytes", 250).put("usage", 1100)
                .put("maxmempool", 33554432).put("mempoolminfee", 2).put("minrelaytxfee", 1));
        node.answer(BusAddresses.CHAIN_BALANCE, request -> new JsonObject()
                .put("address", request.getString("address")).put("confirmed", 1000).put("withUnconfirmed", 900));
        node.answer(BusAddresses.WALLET_CREATE, request -> new JsonObject().put("address", NEW_ADDRESS));
        node.answer(BusAddresses.WALLET_LIST, request -> new JsonObject()
                .put("addresses", new JsonArray().add(ADDRESS).add(OTHER_ADDRESS)));
        node.answer(BusAddresses.WALLET_SEND, request -> new JsonObject()
                .put("txid", TXID).put("fee", request.getLong("fee", 1L)));
        node.answer(BusAddresses.MINING_INFO, request -> new JsonObject()
                .put("mode", "pool-full").put("threads", 2).put("hashrate", 1234.5).put("hashes", 98765L)
                .put("blocksMined", 3).put("address", ADDRESS));
        node.answer(BusAddresses.MINING_GENERATE, request -> {
            JsonArray hashes = new JsonArray();
            for (int i = 0; i < request.getInteger("blocks"); i++) {
                hashes.add(String.format("%064x", i + 1));
            }
            return new JsonObject().put("hashes", hashes);
        });
        node.answer(BusAddresses.NODE_STOP, request -> new JsonObject().put("stopping", true));
        return Future.all(node.consumers.values().stream().map(MessageConsumer::completion).toList())
                .map(node);
    }

    static JsonObject chainInfo(int height, String bestHash, String genesisHash) {
        return new JsonObject()
                .put("network", "regtest").put("height", height).put("bestHash", bestHash)
                .put("genesisHash", genesisHash).put("bits", "207fffff").put("difficulty", 4.6e-10)
                .put("chainWork", "0c").put("mempoolSize", 1).put("mempoolBytes", 250);
    }

    /** Answers requests to {@code name} (a {@link BusAddresses} constant) with {@code replier}'s reply. */
    void answer(String name, Function<JsonObject, JsonObject> replier) {
        behave(name, message -> message.reply(replier.apply(message.body())));
    }

    /** Answers only after {@code delayMillis}. */
    void answerLater(String name, long delayMillis, Function<JsonObject, JsonObject> replier) {
        behave(name, message -> vertx.setTimer(delayMillis, id -> message.reply(replier.apply(message.body()))));
    }

    void fail(String name, BusError error, String text) {
        behave(name, message -> message.fail(error.code(), text));
    }

    /** Receives but never answers, so the request times out. */
    void silence(String name) {
        behave(name, message -> { });
    }

    /** As if the service were not deployed: requests find no handler. */
    Future<Void> remove(String name) {
        behaviours.remove(name);
        MessageConsumer<JsonObject> consumer = consumers.remove(name);
        return consumer == null ? Future.succeededFuture() : consumer.unregister();
    }

    List<JsonObject> requests(String name) {
        return requests.getOrDefault(name, List.of());
    }

    JsonObject lastRequest(String name) {
        List<JsonObject> seen = requests(name);
        if (seen.isEmpty()) {
            throw new AssertionError("no request reached " + name);
        }
        return seen.get(seen.size() - 1);
    }

    private void behave(String name, Handler<Message<JsonObject>> behaviour) {
        behaviours.put(name, behaviour);
        consumers.computeIfAbsent(name, key -> vertx.eventBus().<JsonObject>consumer(addresses.of(key), message -> {
            requests.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(message.body());
            behaviours.get(key).handle(message);
        }));
    }
}
