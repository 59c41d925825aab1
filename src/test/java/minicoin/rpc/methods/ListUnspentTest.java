package minicoin.rpc.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ListUnspentTest {

    private static final String ADDRESS = "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2";
    private static final int MATURITY = 100;

    private static JsonObject coinbase(String txidByte, long height) {
        return new JsonObject().put("txid", txidByte.repeat(32)).put("index", 0).put("value", 1000)
                .put("height", height).put("coinbase", true);
    }

    @Test
    void immatureCoinbaseOutputsAreNotListedAsCoreLeavesThemOut() {
        // Tip 150: the coinbase of block 51 may be spent in block 151, that of block 52 not yet.
        JsonObject coins = new JsonObject().put("tipHeight", 150)
                .put("confirmed", new JsonArray().add(coinbase("c1", 51)).add(coinbase("c2", 52)))
                .put("unconfirmed", new JsonArray()).put("spentInMempool", new JsonArray());

        JsonArray listed = new ListUnspent(MATURITY).unspent(ADDRESS, coins, 1, 9_999_999);

        assertEquals(1, listed.size());
        assertEquals("c1".repeat(32), listed.getJsonObject(0).getString("txid"));
        assertEquals(100, listed.getJsonObject(0).getLong("confirmations"));
    }
}
