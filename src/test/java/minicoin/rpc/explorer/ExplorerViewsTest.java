package minicoin.rpc.explorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ExplorerViewsTest {

    private static final String ME = "1MeMeMeMeMeMeMeMeMeMeMeMeMeMeMeMe";
    private static final String OTHER = "1OtherOtherOtherOtherOtherOtherOt";

    private static JsonObject peer(boolean ready, long height, String address) {
        return new JsonObject().put("address", address).put("inbound", true).put("ready", ready)
                .put("nodeId", "ab").put("startingHeight", height).put("pingMillis", 3);
    }

    @Test
    void homeShowsTipSyncLatestBlocksMempoolPeersAndMining() {
        JsonObject info = new JsonObject().put("network", "regtest").put("height", 5).put("bestHash", "h5")
                .put("difficulty", 1.0);
        JsonObject mempool = new JsonObject().put("size", 30).put("bytes", 6000)
                .put("txids", new JsonArray(IntStream.range(0, 30).mapToObj(i -> "tx" + i).toList()));
        List<JsonObject> latest = List.of(
                new JsonObject().put("height", 5).put("hash", "h5").put("time", 100).put("size", 300)
                        .put("txids", new JsonArray().add("a").add("b")));
        JsonObject peers = new JsonObject().put("peers", new JsonArray().add(peer(true, 9, "10.0.0.1:5678"))
                .add(peer(false, 1_000, "10.0.0.2:5678")));
        JsonObject mining = new JsonObject().put("mode", "off").put("threads", 1).put("hashrate", 0.0)
                .put("blocksMined", 2).put("address", "1secret");

        JsonObject home = ExplorerViews.home(info, mempool, latest, Optional.of(peers), Optional.of(mining));

        assertEquals(5L, home.getLong("height"));
        assertEquals("h5", home.getString("bestHash"));
        JsonObject block = home.getJsonArray("blocks").getJsonObject(0);
        assertEquals(2, block.getInteger("txCount"));
        assertEquals(30, home.getJsonObject("mempool").getInteger("count"));
        assertEquals(ExplorerViews.MEMPOOL_SHOWN, home.getJsonObject("mempool").getJsonArray("txids").size());
        // Sync counts only ready peers' heights: the one still in its handshake could claim anything.
        JsonObject sync = home.getJsonObject("sync");
        assertEquals(9L, sync.getLong("bestHeaderSeen"));
        assertFalse(sync.getBoolean("synced"));
        assertEquals(2, home.getInteger("peerCount"));
        assertEquals("inbound", home.getJsonArray("peers").getJsonObject(0).getString("direction"));
        assertEquals(2, home.getJsonObject("mining").getInteger("blocksMined"));
        assertFalse(home.getJsonObject("mining").containsKey("address"), "the reward address is not shown");
    }

    @Test
    void homeWithoutPeerOrMinerServices() {
        JsonObject home = ExplorerViews.home(new JsonObject().put("height", -1), new JsonObject(), List.of(),
                Optional.empty(), Optional.empty());

        assertFalse(home.getBoolean("peersRunning"));
        assertNull(home.getValue("mining"));
        assertEquals(0.0, home.getJsonObject("sync").getDouble("progress"));
    }

    @Test
    void aPeersTextIsCutToABoundedLength() {
        String hostile = "<img src=x onerror=alert(1)>".repeat(100);
        JsonObject shown = ExplorerViews.peer(peer(true, 1, hostile));

        assertEquals(ExplorerViews.MAX_PEER_TEXT + 1, shown.getString("address").length());
        assertTrue(hostile.startsWith(shown.getString("address").substring(0, ExplorerViews.MAX_PEER_TEXT)));
    }

    @Test
    void syncProgressComparesOurHeightWithTheBestSeen() {
        SyncProgress behind = new SyncProgress(49, 99);
        assertEquals(0.5, behind.progress());
        assertFalse(behind.synced());
        SyncProgress level = SyncProgress.of(7, new JsonArray().add(peer(true, 7, "p")));
        assertTrue(level.synced());
        assertEquals(1.0, level.progress());
        assertFalse(new SyncProgress(-1, -1).synced(), "no genesis is not synced");
    }

    @Test
    void blockPageListsItsTransactions() {
        JsonObject tx = new JsonObject().put("txid", "t1").put("size", 90).put("coinbase", true).put("totalOut", 50)
                .put("inputs", new JsonArray().add(new JsonObject())).put("outputs", new JsonArray().add(new JsonObject()));
        JsonObject block = new JsonObject().put("hash", "h").put("height", 3).put("confirmations", 2)
                .put("prevHash", "p").put("transactions", new JsonArray().add(tx)).put("secret", "x");

        JsonObject view = ExplorerViews.block(block);

        assertEquals(3, view.getInteger("height"));
        JsonObject line = view.getJsonArray("transactions").getJsonObject(0);
        assertEquals("t1", line.getString("txid"));
        assertEquals(1, line.getInteger("inputs"));
        assertFalse(view.containsKey("secret"), "only named fields leave the node");
    }

    @Test
    void transactionPageShowsInputsOutputsAndConfirmations() {
        JsonObject found = new JsonObject().put("inMempool", false).put("confirmations", 4).put("blockHash", "b")
                .put("height", 7).put("transaction", new JsonObject().put("txid", "t").put("totalOut", 90)
                        .put("inputs", new JsonArray().add(new JsonObject().put("txid", "prev").put("index", 1)
                                .put("address", OTHER).put("signature", "sig")))
                        .put("outputs", new JsonArray().add(new JsonObject().put("index", 0).put("value", 90)
                                .put("address", ME))));

        JsonObject view = ExplorerViews.transaction(found);

        assertEquals(4, view.getInteger("confirmations"));
        assertEquals(OTHER, view.getJsonArray("inputs").getJsonObject(0).getString("address"));
        assertFalse(view.getJsonArray("inputs").getJsonObject(0).containsKey("signature"));
        assertEquals(90L, view.getJsonArray("outputs").getJsonObject(0).getLong("value"));
    }

    @Test
    void addressHistoryComesFromTheScannedBlocksAndThePool() {
        JsonObject paysMe = new JsonObject().put("txid", "in").put("inputs", new JsonArray())
                .put("outputs", new JsonArray().add(new JsonObject().put("address", ME).put("value", 30))
                        .add(new JsonObject().put("address", ME).put("value", 20)));
        JsonObject spendsMine = new JsonObject().put("txid", "out")
                .put("inputs", new JsonArray().add(new JsonObject().put("address", ME)))
                .put("outputs", new JsonArray().add(new JsonObject().put("address", OTHER).put("value", 49)));
        JsonObject unrelated = new JsonObject().put("txid", "x").put("inputs", new JsonArray())
                .put("outputs", new JsonArray().add(new JsonObject().put("address", OTHER).put("value", 1)));
        List<JsonObject> scanned = List.of(
                new JsonObject().put("height", 9).put("hash", "h9").put("transactions", new JsonArray().add(spendsMine)),
                new JsonObject().put("height", 8).put("hash", "h8").put("transactions", new JsonArray().add(paysMe).add(unrelated)));
        JsonObject pooled = new JsonObject().put("transaction", new JsonObject().put("txid", "p").put("inputs", new JsonArray())
                .put("outputs", new JsonArray().add(new JsonObject().put("address", ME).put("value", 5))));
        JsonObject coins = new JsonObject().put("confirmed", new JsonArray().add(new JsonObject().put("txid", "c")
                .put("index", 0).put("value", 7).put("height", 3))).put("unconfirmed", new JsonArray()
                .add(new JsonObject().put("txid", "p").put("index", 0).put("value", 5)));
        JsonObject balance = new JsonObject().put("confirmed", 7).put("pending", 5).put("withUnconfirmed", 12);

        JsonObject view = ExplorerViews.address(ME, balance, coins, scanned, List.of(pooled));

        assertEquals(7L, view.getLong("confirmed"));
        assertEquals(2, view.getJsonArray("unspent").size());
        JsonArray history = view.getJsonArray("history");
        assertEquals(3, history.size());
        assertEquals("p", history.getJsonObject(0).getString("txid"));
        assertNull(history.getJsonObject(0).getValue("height"), "the pool's first, unconfirmed");
        assertEquals(1, history.getJsonObject(1).getInteger("inputsSpent"));
        assertEquals(50L, history.getJsonObject(2).getLong("received"));
        assertEquals(8L, view.getLong("historyFromHeight"));
        assertEquals(2, view.getInteger("historyBlocks"));
    }

    @Test
    void unconfirmedTxidsAreDistinctAndBounded() {
        JsonObject coins = new JsonObject().put("unconfirmed", new JsonArray(IntStream.range(0, 10)
                .mapToObj(i -> new JsonObject().put("txid", "t" + (i / 2))).toList()));

        assertEquals(List.of("t0", "t1", "t2"), ExplorerViews.unconfirmedTxids(coins, 3));
    }
}
