package minicoin.rpc.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class GetBalancesTest {

    private static JsonObject coin(String txid, long value, long height, boolean coinbase) {
        return new JsonObject().put("txid", txid).put("index", 0).put("value", value).put("height", height)
                .put("coinbase", coinbase);
    }

    @Test
    void matureCoinsUnspentInTheMempoolAreTrustedYoungCoinbasesImmatureMempoolOutputsPending() {
        JsonObject first = new JsonObject().put("tipHeight", 200)
                .put("confirmed", new JsonArray().add(coin("old", 1000, 100, true)).add(coin("young", 1000, 150, true))
                        .add(coin("paid", 40, 199, false)).add(coin("spent", 7, 120, false)))
                .put("unconfirmed", new JsonArray().add(coin("incoming", 3, 201, false)))
                .put("spentInMempool", new JsonArray().add(new JsonObject().put("txid", "spent").put("index", 0)));
        JsonObject second = new JsonObject().put("tipHeight", 200).put("confirmed", new JsonArray().add(coin("x", 5, 1, false)));

        JsonObject mine = GetBalances.balances(List.of(first, second), 100).getJsonObject("mine");

        assertEquals(new BigDecimal("1045.00000000"), mine.getValue("trusted"));
        assertEquals(new BigDecimal("1000.00000000"), mine.getValue("immature"), "51 confirmations of the 100 needed");
        assertEquals(new BigDecimal("3.00000000"), mine.getValue("untrusted_pending"));
    }

    @Test
    void anEmptyWalletHasZeroBalancesWithEightDecimals() {
        assertEquals("{\"mine\":{\"trusted\":0.00000000,\"untrusted_pending\":0.00000000,\"immature\":0.00000000}}",
                GetBalances.balances(List.of(), 100).encode());
    }
}
