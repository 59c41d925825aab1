package minicoin.rpc.explorer;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;

/**
 * The explorer's view models: what each page shows, shaped from the chain, peer and miner services'
 * replies (docs/eventbus.md). Plain functions of JSON, so a test builds them without a node. Only
 * the fields named here leave the node; every string is text to the page, which renders it with
 * {@code textContent} and never as HTML.
 */
public final class ExplorerViews {

    /** Mempool transactions listed on the home page; the count is shown in full. */
    public static final int MEMPOOL_SHOWN = 25;
    /** Peers listed on the home page (a node has at most 125). */
    public static final int PEERS_SHOWN = 50;
    /** Longest peer-supplied string shown: enough for any address or id, and no page-long junk. */
    static final int MAX_PEER_TEXT = 100;

    private ExplorerViews() {
    }

    /**
     * The home page: tip, sync progress, latest blocks, mempool, peers and mining status.
     *
     * @param latest the latest blocks at verbosity 1, newest first
     * @param peers  {@code p2p.peers}' reply, empty when no peer service runs
     * @param mining {@code mining.info}'s reply, empty when no miner runs
     */
    public static JsonObject home(JsonObject chainInfo, JsonObject mempool, List<JsonObject> latest,
                                  Optional<JsonObject> peers, Optional<JsonObject> mining) {
        JsonArray peerList = peers.map(p -> p.getJsonArray("peers", new JsonArray())).orElse(new JsonArray());
        long height = chainInfo.getLong("height", -1L);
        JsonArray blocks = new JsonArray();
        latest.forEach(block -> blocks.add(blockSummary(block)));
        JsonArray txids = mempool.getJsonArray("txids", new JsonArray());
        JsonArray shownTxids = new JsonArray(txids.stream().limit(MEMPOOL_SHOWN).toList());
        JsonArray shownPeers = new JsonArray();
        peerList.stream().limit(PEERS_SHOWN).forEach(p -> shownPeers.add(peer((JsonObject) p)));
        return new JsonObject()
                .put("network", chainInfo.getString("network"))
                .put("height", height)
                .put("bestHash", chainInfo.getString("bestHash"))
                .put("difficulty", chainInfo.getValue("difficulty"))
                .put("time", chainInfo.getValue("time"))
                .put("sync", SyncProgress.of(height, peerList).json())
                .put("blocks", blocks)
                .put("mempool", new JsonObject().put("count", mempool.getInteger("size", txids.size()))
                        .put("bytes", mempool.getLong("bytes", 0L)).put("txids", shownTxids))
                .put("peerCount", peerList.size())
                .put("peersRunning", peers.isPresent())
                .put("peers", shownPeers)
                .put("mining", mining.map(ExplorerViews::mining).orElse(null));
    }

    /** One line of the latest-blocks table, from a block at verbosity 1 or 2. */
    static JsonObject blockSummary(JsonObject block) {
        int txCount = block.containsKey("txids") ? block.getJsonArray("txids").size()
                : block.getJsonArray("transactions", new JsonArray()).size();
        return new JsonObject().put("height", block.getValue("height")).put("hash", block.getString("hash"))
                .put("time", block.getValue("time")).put("txCount", txCount).put("size", block.getValue("size"));
    }

    static JsonObject peer(JsonObject peer) {
        return new JsonObject()
                .put("address", clip(peer.getValue("address")))
                .put("direction", Boolean.TRUE.equals(peer.getBoolean("inbound")) ? "inbound" : "outbound")
                .put("ready", Boolean.TRUE.equals(peer.getBoolean("ready")))
                .put("nodeId", clip(peer.getValue("nodeId")))
                .put("startingHeight", peer.getValue("startingHeight"))
                .put("pingMillis", peer.getValue("pingMillis"));
    }

    static JsonObject mining(JsonObject info) {
        return new JsonObject().put("mode", clip(info.getValue("mode"))).put("threads", info.getValue("threads"))
                .put("hashrate", info.getValue("hashrate")).put("blocksMined", info.getValue("blocksMined"));
    }

    /** The block page: the header and a line per transaction, from a block at verbosity 2. */
    public static JsonObject block(JsonObject block) {
        JsonArray txs = new JsonArray();
        for (Object entry : block.getJsonArray("transactions", new JsonArray())) {
            JsonObject tx = (JsonObject) entry;
            txs.add(new JsonObject().put("txid", tx.getString("txid")).put("size", tx.getValue("size"))
                    .put("coinbase", tx.getValue("coinbase")).put("totalOut", tx.getValue("totalOut"))
                    .put("inputs", tx.getJsonArray("inputs", new JsonArray()).size())
                    .put("outputs", tx.getJsonArray("outputs", new JsonArray()).size()));
        }
        JsonObject view = new JsonObject();
        for (String key : List.of("hash", "height", "confirmations", "prevHash", "merkleRoot", "time", "bits",
                "nonce", "size", "chainWork", "version")) {
            view.put(key, block.getValue(key));
        }
        return view.put("transactions", txs);
    }

    /** The transaction page, from {@code chain.getTransaction}'s reply. */
    public static JsonObject transaction(JsonObject found) {
        JsonObject tx = found.getJsonObject("transaction", new JsonObject());
        JsonArray inputs = new JsonArray();
        for (Object entry : tx.getJsonArray("inputs", new JsonArray())) {
            JsonObject in = (JsonObject) entry;
            inputs.add(in.containsKey("coinbase")
                    ? new JsonObject().put("coinbase", true)
                    : new JsonObject().put("txid", in.getString("txid")).put("index", in.getValue("index"))
                            .put("address", in.getValue("address")));
        }
        JsonArray outputs = new JsonArray();
        for (Object entry : tx.getJsonArray("outputs", new JsonArray())) {
            JsonObject out = (JsonObject) entry;
            outputs.add(new JsonObject().put("index", out.getValue("index")).put("value", out.getValue("value"))
                    .put("address", out.getValue("address")));
        }
        return new JsonObject().put("txid", tx.getString("txid")).put("size", tx.getValue("size"))
                .put("coinbase", tx.getValue("coinbase")).put("totalOut", tx.getValue("totalOut"))
                .put("inMempool", found.getValue("inMempool")).put("confirmations", found.getValue("confirmations"))
                .put("blockHash", found.getValue("blockHash")).put("height", found.getValue("height"))
                .put("blockTime", found.getValue("blockTime"))
                .put("inputs", inputs).put("outputs", outputs);
    }

    /**
     * The address page: balance and unspent outputs (exact, from the UTXO set), and the history
     * that can be had without an address index: the transactions of {@code scanned} paying or
     * spending the address, and the mempool's.
     *
     * @param balance       {@code chain.balance}'s reply
     * @param coins         {@code chain.coins}' reply
     * @param scanned       the latest main-chain blocks at verbosity 2, newest first
     * @param pooled        the mempool transactions paying the address ({@code chain.getTransaction} replies)
     */
    public static JsonObject address(String address, JsonObject balance, JsonObject coins, List<JsonObject> scanned,
                                     List<JsonObject> pooled) {
        JsonArray unspent = new JsonArray();
        for (String kind : List.of("confirmed", "unconfirmed")) {
            for (Object entry : coins.getJsonArray(kind, new JsonArray())) {
                JsonObject coin = (JsonObject) entry;
                unspent.add(new JsonObject().put("txid", coin.getString("txid")).put("index", coin.getValue("index"))
                        .put("value", coin.getValue("value")).put("height", coin.getValue("height"))
                        .put("confirmed", kind.equals("confirmed")));
            }
        }
        JsonArray history = new JsonArray();
        for (JsonObject found : pooled) {
            entry(address, found.getJsonObject("transaction", new JsonObject()), null, null).ifPresent(history::add);
        }
        for (JsonObject block : scanned) {
            for (Object tx : block.getJsonArray("transactions", new JsonArray())) {
                entry(address, (JsonObject) tx, block.getLong("height"), block.getString("hash")).ifPresent(history::add);
            }
        }
        long firstScanned = scanned.isEmpty() ? -1 : scanned.get(scanned.size() - 1).getLong("height", -1L);
        return new JsonObject().put("address", address)
                .put("confirmed", balance.getValue("confirmed"))
                .put("pending", balance.getValue("pending"))
                .put("withUnconfirmed", balance.getValue("withUnconfirmed"))
                .put("unspent", unspent)
                .put("history", history)
                .put("historyFromHeight", firstScanned)
                .put("historyBlocks", scanned.size());
    }

    /** The history line of {@code tx} for {@code address}, if it pays or spends it. */
    private static Optional<JsonObject> entry(String address, JsonObject tx, Long height, String blockHash) {
        long received = 0;
        boolean pays = false;
        for (Object o : tx.getJsonArray("outputs", new JsonArray())) {
            JsonObject out = (JsonObject) o;
            if (address.equals(out.getString("address"))) {
                pays = true;
                received += out.getLong("value", 0L);
            }
        }
        int spends = 0;
        for (Object i : tx.getJsonArray("inputs", new JsonArray())) {
            if (address.equals(((JsonObject) i).getString("address"))) {
                spends++;
            }
        }
        if (!pays && spends == 0) {
            return Optional.empty();
        }
        return Optional.of(new JsonObject().put("txid", tx.getString("txid")).put("height", height)
                .put("blockHash", blockHash).put("received", received).put("inputsSpent", spends));
    }

    /** The txids of the unconfirmed coins paying the address, each once, in order, at most {@code max}. */
    public static List<String> unconfirmedTxids(JsonObject coins, int max) {
        Set<String> txids = new LinkedHashSet<>();
        for (Object entry : coins.getJsonArray("unconfirmed", new JsonArray())) {
            txids.add(((JsonObject) entry).getString("txid"));
        }
        return txids.stream().limit(max).toList();
    }

    /** A peer-supplied value as text of bounded length (null stays null). */
    static String clip(Object value) {
        if (value == null) {
            return null;
        }
        String text = value.toString();
        return text.length() <= MAX_PEER_TEXT ? text : text.substring(0, MAX_PEER_TEXT) + "…";
    }
}
