package minicoin.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.OptionalLong;
import minicoin.crypto.PrivateKey;
import org.junit.jupiter.api.Test;

class JsonViewTest {

    private static final PrivateKey ALICE = Fixtures.key("alice");
    private static final PrivateKey BOB = Fixtures.key("bob");

    @Test
    void headerViewHasReadableFieldsAndTheHeightWhenKnown() {
        Block block = Fixtures.block(Fixtures.hashOf("p"), 3, List.of());
        JsonObject json = new JsonObject(JsonView.header(block.header(), OptionalLong.of(3)));
        assertEquals(block.hash().toString(), json.getString("hash"));
        assertEquals(3L, json.getLong("height"));
        assertEquals(block.header().prevHash().toString(), json.getString("prevHash"));
        assertEquals(block.header().merkleRoot().toString(), json.getString("merkleRoot"));
        assertEquals(Fixtures.NOW, json.getLong("time"));
        assertEquals("207fffff", json.getString("bits"));
        assertEquals(block.header().nonce(), json.getLong("nonce"));
        assertFalse(new JsonObject(JsonView.header(block.header(), OptionalLong.empty())).containsKey("height"));
    }

    @Test
    void blockViewListsTransactionsWithAddressesAndValues() {
        Transaction payment = Fixtures.payment(ALICE, Fixtures.hashOf("f"), 100, 60, BOB);
        Block block = Fixtures.block(Fixtures.hashOf("p"), 9, List.of(payment));
        JsonObject json = new JsonObject(JsonView.block(block, OptionalLong.of(9)));
        JsonArray transactions = json.getJsonArray("transactions");
        assertEquals(2, transactions.size());
        JsonObject coinbase = transactions.getJsonObject(0);
        assertEquals(true, coinbase.getBoolean("coinbase"));
        assertEquals(9L, coinbase.getJsonArray("inputs").getJsonObject(0).getLong("height"));
        JsonObject tx = transactions.getJsonObject(1);
        assertEquals(payment.txid().toString(), tx.getString("txid"));
        JsonObject input = tx.getJsonArray("inputs").getJsonObject(0);
        assertEquals(ALICE.publicKey().address().toString(), input.getString("address"));
        assertEquals(Fixtures.hashOf("f").toString(), input.getString("txid"));
        JsonObject output = tx.getJsonArray("outputs").getJsonObject(0);
        assertEquals(BOB.publicKey().address().toString(), output.getString("address"));
        assertEquals(60L, output.getLong("value"));
        assertEquals(100L, tx.getLong("totalOut"));
        // The whole view is plain JSON.
        assertEquals(json, new JsonObject(json.encode()));
    }
}
