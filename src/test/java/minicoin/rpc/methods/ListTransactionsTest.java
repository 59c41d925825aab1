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
    void unspentCoinbasesAreCoresGenerateAndImmatureEntriesAndOtherCoinsComeFromTheRecords() {
        JsonObject coins = new JsonObject().put("tipHeight", 200)
                .put("confirmed", new JsonArray().add(coin("aa", 10, true)).add(coin("bb", 150, true)).add(coin("cc", 199, false)))
                .put("unconfirmed", new JsonArray().add(new JsonObject().put("txid", "dd").put("index", 1).put("value", 7)));

        List<JsonObject> entries = new ListTransactions(MATURITY).coinbaseEntries(ADDRESS, coins);

        assertEquals(List.of("generate", "immature"), entries.stream().map(entry -> entry.getString("category")).toList());
        assertEquals(List.of(191L, 51L), entries.stream().map(entry -> entry.getLong("confirmations")).toList());
        assertTrue(entries.get(0).getBoolean("generated"));
        assertEquals(new BigDecimal("50.00000000"), entries.get(1).getValue("amount"));
        assertEquals(ADDRESS, entries.get(1).getString("address"));
    }

    @Test
    void recordsAreCoresEntriesConflictedNegativeRefusedAbandoned() {
        JsonArray history = new JsonArray()
                .add(new JsonObject().put("txid", "c").put("category", "send").put("address", ADDRESS).put("amount", -5)
                        .put("vout", 0).put("status", "refused").put("created", 3L).put("fee", 1))
                .add(new JsonObject().put("txid", "b").put("category", "send").put("address", ADDRESS).put("amount", -6)
                        .put("vout", 0).put("status", "conflicted").put("created", 2L).put("blockHash", "ff").put("height", 98))
                .add(new JsonObject().put("txid", "a").put("category", "receive").put("address", ADDRESS).put("amount", 7)
                        .put("vout", 1).put("status", "confirmed").put("created", 1L).put("blockHash", "ee").put("height", 91));

        List<JsonObject> entries = ListTransactions.recordEntries(history, 100);

        assertEquals(List.of("a", "b", "c"), entries.stream().map(entry -> entry.getString("txid")).toList(), "oldest first");
        assertEquals(10, entries.get(0).getLong("confirmations"));
        assertEquals("ee", entries.get(0).getString("blockhash"));
        assertFalse(entries.get(0).containsKey("abandoned"), "only a send says whether it was abandoned");
        assertEquals(-3, entries.get(1).getLong("confirmations"), "a displaced payment, as deep as its rival");
        assertFalse(entries.get(1).containsKey("blockhash"));
        assertEquals(0, entries.get(2).getLong("confirmations"));
        assertTrue(entries.get(2).getBoolean("abandoned"));
        assertEquals(new BigDecimal("-1.00000000"), entries.get(2).getValue("fee"));
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
