package minicoin.rpc.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ListTransactionsTest {

    private static final String ADDRESS = "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2";
    private static final int MATURITY = 100;

    private static JsonObject coin(String txid, long height, boolean coinbase) {
        return new JsonObject().put("txid", txid).put("index", 0).put("value", 50).put("height", height)
                .put("coinbase", coinbase);
    }

    @Test
    void coinsAreCoresReceiveGenerateAndImmatureEntries() {
        JsonObject coins = new JsonObject().put("tipHeight", 200)
                .put("confirmed", new JsonArray().add(coin("aa", 10, true)).add(coin("bb", 150, true)).add(coin("cc", 199, false)))
                .put("unconfirmed", new JsonArray().add(new JsonObject().put("txid", "dd").put("index", 1).put("value", 7)));

        List<JsonObject> entries = new ListTransactions(MATURITY).entries(ADDRESS, coins);

        assertEquals(List.of("generate", "immature", "receive", "receive"),
                entries.stream().map(entry -> entry.getString("category")).toList());
        assertEquals(List.of(191L, 51L, 2L, 0L), entries.stream().map(entry -> entry.getLong("confirmations")).toList());
        assertTrue(entries.get(0).getBoolean("generated"));
        assertFalse(entries.get(2).containsKey("generated"));
        assertEquals(new BigDecimal("50.00000000"), entries.get(2).getValue("amount"));
        assertEquals(ADDRESS, entries.get(3).getString("address"));
        assertEquals(1L, entries.get(3).getLong("vout"));
    }

    @Test
    void aPageIsTheMostRecentAfterSkippingOldestFirstAsCore() {
        List<JsonObject> entries = IntStream.range(0, 15)
                .mapToObj(i -> new JsonObject().put("txid", "t" + i).put("confirmations", (long) i)).toList();

        JsonArray page = ListTransactions.page(entries, 3, 2);

        assertEquals(List.of("t4", "t3", "t2"), page.stream().map(entry -> ((JsonObject) entry).getString("txid")).toList());
        assertEquals(10, ListTransactions.page(entries, 10, 0).size());
        assertEquals(0, ListTransactions.page(entries, 10, 20).size());
        assertEquals("t0", ListTransactions.page(entries, 10, 0).getJsonObject(9).getString("txid"), "newest last");
    }
}
