package minicoin.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class SupplyAuditTest {

    private static JsonObject coinbase(String txid, long value) {
        return new JsonObject().put("txid", txid).put("coinbase", true).put("inputs", new JsonArray())
                .put("outputs", new JsonArray().add(new JsonObject().put("index", 0).put("value", value)));
    }

    private static JsonObject payment(String txid, String spends, long... values) {
        JsonArray outputs = new JsonArray();
        for (int i = 0; i < values.length; i++) {
            outputs.add(new JsonObject().put("index", i).put("value", values[i]));
        }
        return new JsonObject().put("txid", txid).put("coinbase", false)
                .put("inputs", new JsonArray().add(new JsonObject().put("txid", spends).put("index", 0)))
                .put("outputs", outputs);
    }

    private static JsonObject block(long height, JsonObject... txs) {
        return new JsonObject().put("height", height).put("transactions", new JsonArray(java.util.List.of((Object[]) txs)));
    }

    @Test
    void aChainWhoseFeesReturnInCoinbasesHoldsSubsidyTimesBlocks() {
        SupplyAudit audit = new SupplyAudit(1000);
        audit.connect(block(0, coinbase("g", 1000)));
        audit.connect(block(1, coinbase("c1", 1001), payment("p1", "g", 10, 989)));
        InvariantResult result = audit.check();
        assertTrue(result.held(), result.toString());
        assertEquals(2000, audit.utxoTotal());
        assertEquals(1, audit.feesPaid());
        assertTrue(audit.confirms("p1"));
        assertEquals(989L, audit.unspentValue("p1", 1));
    }

    @Test
    void aCoinbaseClaimingMoreThanSubsidyAndFeesBreaksTheSupply() {
        SupplyAudit audit = new SupplyAudit(1000);
        audit.connect(block(0, coinbase("g", 1000)));
        audit.connect(block(1, coinbase("c1", 1002), payment("p1", "g", 10, 989)));
        assertFalse(audit.check().held());
    }

    @Test
    void aDoubleSpendBreaksTheSupply() {
        SupplyAudit audit = new SupplyAudit(1000);
        audit.connect(block(0, coinbase("g", 1000)));
        audit.connect(block(1, coinbase("c1", 1000), payment("p1", "g", 1000)));
        audit.connect(block(2, coinbase("c2", 1000), payment("p2", "g", 1000)));
        InvariantResult result = audit.check();
        assertFalse(result.held());
        assertTrue(result.evidence().contains("not unspent"), result.evidence());
    }

    @Test
    void aNodeWhoseOwnUtxoTotalDiffersAtTheSameTipBreaksTheSupply() {
        SupplyAudit audit = new SupplyAudit(1000);
        audit.connect(block(0, coinbase("g", 1000)));
        audit.connect(block(1, coinbase("c1", 1000)));
        audit.compareNodeTotal("n0", "tip", "tip", new java.math.BigDecimal("2000.00000000"));
        audit.compareNodeTotal("n1", "elsewhere", "tip", new java.math.BigDecimal("5"));
        assertTrue(audit.check().held(), "a node at the tip agrees; one elsewhere is not compared");

        audit.compareNodeTotal("n2", "tip", "tip", new java.math.BigDecimal("2001"));
        InvariantResult result = audit.check();
        assertFalse(result.held(), result.toString());
        assertTrue(result.evidence().contains("n2's gettxoutsetinfo total_amount is 2001"), result.toString());
    }
}
