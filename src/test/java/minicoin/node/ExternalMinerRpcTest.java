package minicoin.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import minicoin.core.Block;
import minicoin.core.BlockHeader;
import minicoin.core.Bytes;
import minicoin.core.CodecException;
import minicoin.core.Coinbase;
import minicoin.core.Hash;
import minicoin.core.HeaderHasher;
import minicoin.core.Merkle;
import minicoin.core.OutPoint;
import minicoin.core.PaymentBuilder;
import minicoin.core.Transaction;
import minicoin.crypto.Address;
import minicoin.crypto.Hashes;
import minicoin.crypto.PrivateKey;
import minicoin.testing.LocalNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An external miner working for a whole node (chain, wallet and RPC, no miner role) over RPC alone,
 * as a pool server works for bitcoind: blocks built only from getblocktemplate's answer and a
 * coinbase of its own, accepted through submitblock; and what gettxout, getchaintips,
 * testmempoolaccept, getmempoolentry and gettxoutsetinfo then say of the real chain.
 */
class ExternalMinerRpcTest {

    private static final PrivateKey MINER_KEY = PrivateKey.fromBytes(Hashes.sha256("external miner".getBytes(StandardCharsets.UTF_8)));
    private static final Address MINER = MINER_KEY.publicKey().address();

    @TempDir
    Path dataDir;

    private LocalNode node;

    @BeforeEach
    void startNode() throws Exception {
        node = LocalNode.start("external-miner", dataDir, "regtest",
                new JsonObject().put("roles", new JsonArray().add("chain").add("wallet").add("rpc")));
    }

    @AfterEach
    void stopNode() throws Exception {
        node.close();
    }

    private Object result(String method, Object... params) {
        return node.rpc(method, params);
    }

    /** The error object a call is answered with; the call must fail. */
    private JsonObject error(String method, Object... params) {
        return assertThrows(LocalNode.RpcFailure.class, () -> node.rpc(method, params)).error();
    }

    /** What an external miner does with a template: its coinbase first, the template's transactions as given, a solved header. */
    private static Block blockFrom(JsonObject template, String tag) throws CodecException {
        List<Transaction> transactions = new ArrayList<>();
        transactions.add(Coinbase.create(template.getLong("height"), template.getLong("coinbasevalue"), MINER,
                Bytes.of(tag.getBytes(StandardCharsets.UTF_8))));
        for (Object item : template.getJsonArray("transactions")) {
            transactions.add(Transaction.decode(HexFormat.of().parseHex(((JsonObject) item).getString("data"))));
        }
        BlockHeader header = new BlockHeader(template.getInteger("version"), Hash.fromHex(template.getString("previousblockhash")),
                Merkle.rootOf(transactions), template.getLong("curtime"), Long.parseLong(template.getString("bits"), 16), 0);
        return new Block(HeaderHasher.solve(header), transactions);
    }

    private static String hex(Block block) {
        return HexFormat.of().formatHex(block.encode());
    }

    private static String hex(Transaction tx) {
        return HexFormat.of().formatHex(tx.encode());
    }

    @Test
    void aBlockBuiltOnlyFromTheTemplateIsAcceptedBySubmitBlock() throws Exception {
        String genesis = ((JsonObject) result("creategenesis")).getString("hash");
        JsonObject template = (JsonObject) result("getblocktemplate", new JsonObject().put("rules", new JsonArray().add("segwit")));
        assertEquals(genesis, template.getString("previousblockhash"));
        assertEquals(1L, template.getLong("height"));
        assertEquals(1000L, template.getLong("coinbasevalue"));
        assertEquals(new JsonArray(), template.getJsonArray("transactions"));
        assertTrue(template.getLong("curtime") >= template.getLong("mintime"), template::encode);

        Block block = blockFrom(template, "first");
        assertNull(result("submitblock", hex(block)), "Core answers null for a block it connected");
        assertEquals(1, ((Number) result("getblockcount")).intValue());
        assertEquals(block.hash().toString(), result("getbestblockhash"));
        assertEquals("duplicate", result("submitblock", hex(block)));
        assertEquals(new JsonArray().add(new JsonObject().put("height", 1).put("hash", block.hash().toString())
                .put("branchlen", 0).put("status", "active")), result("getchaintips"));

        // getblock 0 is the block's hex, as Core; getblock 2 decodes its transactions.
        assertEquals(hex(block), result("getblock", block.hash().toString(), 0));
        assertEquals(hex(block), result("getblock", block.hash().toString(), false));
        JsonObject verbose = (JsonObject) result("getblock", block.hash().toString(), 2);
        assertEquals(block.transactions().get(0).txid().toString(),
                verbose.getJsonArray("tx").getJsonObject(0).getString("txid"));
        assertEquals(hex(block.transactions().get(0)), verbose.getJsonArray("tx").getJsonObject(0).getString("hex"));
    }

    @Test
    void aTemplateCarriesThePoolsPaymentsAndTheirFeesIntoTheMinedBlock() throws Exception {
        result("creategenesis");
        Block first = blockFrom((JsonObject) result("getblocktemplate"), "first");
        assertNull(result("submitblock", hex(first)));
        Transaction coinbase = first.transactions().get(0);
        Address payee = PrivateKey.fromBytes(Hashes.sha256("payee".getBytes(StandardCharsets.UTF_8))).publicKey().address();
        Transaction payment = new PaymentBuilder().spend(new OutPoint(coinbase.txid(), 0), coinbase.outputs().get(0), MINER_KEY)
                .pay(payee, 600).pay(MINER, 397).build();

        // testmempoolaccept says yes and adds nothing.
        JsonArray tested = (JsonArray) result("testmempoolaccept", new JsonArray().add(hex(payment)));
        JsonObject verdict = tested.getJsonObject(0);
        assertEquals(payment.txid().toString(), verdict.getString("txid"));
        assertEquals(payment.fullHash().toString(), verdict.getString("wtxid"));
        assertEquals(true, verdict.getBoolean("allowed"), verdict::encode);
        assertEquals(payment.size(), verdict.getInteger("vsize"));
        assertEquals(0, new BigDecimal("3").compareTo(new BigDecimal(verdict.getJsonObject("fees").getValue("base").toString())));
        assertEquals(new JsonArray(), result("getrawmempool"), "testmempoolaccept must not add to the pool");
        assertEquals(-5, error("getmempoolentry", payment.txid().toString()).getInteger("code"));

        // A child listed after its parent is tried as if the parent were in the pool; alone, its coin is nowhere.
        Transaction child = new PaymentBuilder().spend(new OutPoint(payment.txid(), 1), payment.outputs().get(1), MINER_KEY)
                .pay(payee, 390).build();
        JsonArray pair = (JsonArray) result("testmempoolaccept", new JsonArray().add(hex(payment)).add(hex(child)));
        assertEquals(true, pair.getJsonObject(1).getBoolean("allowed"), pair::encode);
        assertEquals("missing-inputs", ((JsonArray) result("testmempoolaccept", new JsonArray().add(hex(child))))
                .getJsonObject(0).getString("reject-reason"));

        assertEquals(payment.txid().toString(), result("sendrawtransaction", hex(payment)));
        assertEquals("txn-already-in-mempool",
                ((JsonArray) result("testmempoolaccept", new JsonArray().add(hex(payment)))).getJsonObject(0).getString("reject-reason"));
        JsonObject entry = (JsonObject) result("getmempoolentry", payment.txid().toString());
        assertEquals(payment.size(), entry.getInteger("vsize"));
        assertEquals(3L, entry.getJsonObject("fees").getLong("base"));
        assertEquals(1L, entry.getLong("height"), "the tip's height when it entered");
        assertEquals(1, entry.getInteger("ancestorcount"));

        // gettxout: the coinbase output is spent in the pool, the payment's output is there unconfirmed.
        OutPoint spent = new OutPoint(coinbase.txid(), 0);
        assertNull(result("gettxout", spent.txid().toString(), 0));
        JsonObject confirmed = (JsonObject) result("gettxout", spent.txid().toString(), 0, false);
        assertEquals(1L, confirmed.getLong("confirmations"));
        assertEquals(true, confirmed.getBoolean("coinbase"));
        assertEquals(MINER.toString(), confirmed.getJsonObject("scriptPubKey").getString("address"));
        JsonObject unconfirmed = (JsonObject) result("gettxout", payment.txid().toString(), 0);
        assertEquals(0L, unconfirmed.getLong("confirmations"));
        assertEquals(0, new BigDecimal("600").compareTo(new BigDecimal(unconfirmed.getValue("value").toString())));
        assertNull(result("gettxout", payment.txid().toString(), 0, false), "not in the chain yet");

        // The child spending the payment's change: the template names its parent by position.
        assertEquals(child.txid().toString(), result("sendrawtransaction", hex(child)));
        assertEquals(2, ((JsonObject) result("getmempoolentry", child.txid().toString())).getInteger("ancestorcount"));

        JsonObject template = (JsonObject) result("getblocktemplate");
        JsonArray selected = template.getJsonArray("transactions");
        JsonObject pooled = selected.getJsonObject(0);
        assertEquals(payment.txid().toString(), pooled.getString("txid"));
        assertEquals(hex(payment), pooled.getString("data"));
        assertEquals(payment.fullHash().toString(), pooled.getString("hash"));
        assertEquals(3L, pooled.getLong("fee"));
        assertEquals(new JsonArray(), pooled.getJsonArray("depends"));
        assertEquals(child.txid().toString(), selected.getJsonObject(1).getString("txid"));
        assertEquals(7L, selected.getJsonObject(1).getLong("fee"));
        assertEquals(new JsonArray().add(1), selected.getJsonObject(1).getJsonArray("depends"), "1-based, as BIP 22");
        assertEquals(1010L, template.getLong("coinbasevalue"), "the subsidy and the fees");
        Block second = blockFrom(template, "second");
        assertNull(result("submitblock", hex(second)));
        assertEquals(new JsonArray(), result("getrawmempool"));
        assertEquals(1L, ((JsonObject) result("gettxout", payment.txid().toString(), 0)).getLong("confirmations"));
        assertNull(result("gettxout", payment.txid().toString(), 1), "the child spent it");

        JsonObject set = (JsonObject) result("gettxoutsetinfo");
        assertEquals(2L, set.getLong("height"));
        assertEquals(second.hash().toString(), set.getString("bestblock"));
        // Genesis coinbase (1000), the payment's first output (600), the child's (390), the second
        // coinbase (1010); the first coinbase and the payment's change are spent.
        assertEquals(4L, set.getLong("txouts"));
        assertEquals(4L, set.getLong("transactions"));
        assertEquals(0, new BigDecimal("3000").compareTo(new BigDecimal(set.getValue("total_amount").toString())));
    }

    @Test
    void submitBlockAnswersCoresReasonsAndChainTipsShowTheFork() throws Exception {
        String genesis = ((JsonObject) result("creategenesis")).getString("hash");
        JsonObject template = (JsonObject) result("getblocktemplate");
        Block one = blockFrom(template, "one");
        Block other = blockFrom(template, "other");
        // Of equal work the lower hash wins on every node: submit it first, and the rival stays a fork.
        boolean oneFirst = one.hash().toString().compareTo(other.hash().toString()) < 0;
        Block main = oneFirst ? one : other;
        Block rival = oneFirst ? other : one;
        assertNull(result("submitblock", hex(main)));

        // The rival at height 1: valid so far, not more work than the tip, so not active.
        assertEquals("inconclusive", result("submitblock", hex(rival)));

        // A block whose Merkle root does not commit to its transactions.
        Block good = blockFrom((JsonObject) result("getblocktemplate"), "bad root");
        BlockHeader badHeader = new BlockHeader(good.header().version(), good.header().prevHash(), Hash.ZERO,
                good.header().time(), good.header().bits(), 0);
        Block badRoot = new Block(HeaderHasher.solve(badHeader), good.transactions());
        assertEquals("bad-txnmrklroot", result("submitblock", hex(badRoot)));

        // A coinbase that claims more than the template's value.
        Transaction greedy = Coinbase.create(2, 1001, MINER);
        BlockHeader greedyHeader = new BlockHeader(good.header().version(), good.header().prevHash(),
                Merkle.rootOf(List.of(greedy)), good.header().time(), good.header().bits(), 0);
        Block greedyBlock = new Block(HeaderHasher.solve(greedyHeader), List.of(greedy));
        assertEquals("bad-cb-amount", result("submitblock", hex(greedyBlock)));
        assertEquals("duplicate-invalid", result("submitblock", hex(greedyBlock)));

        // An unknown parent.
        BlockHeader orphanHeader = new BlockHeader(good.header().version(), Hash.fromHex("ab".repeat(32)),
                Merkle.rootOf(List.of(Coinbase.create(5, 1000, MINER))), good.header().time(), good.header().bits(), 0);
        Block orphan = new Block(HeaderHasher.solve(orphanHeader), List.of(Coinbase.create(5, 1000, MINER)));
        assertEquals("prev-blk-not-found", result("submitblock", hex(orphan)));

        JsonObject decodeFailed = error("submitblock", "00ff");
        assertEquals(-22, decodeFailed.getInteger("code"));
        assertTrue(decodeFailed.getString("message").startsWith("Block decode failed"), decodeFailed::encode);

        // Highest first, as Core orders them: the invalid block at height 2 comes before the active tip.
        JsonArray tips = (JsonArray) result("getchaintips");
        assertEquals(new JsonObject().put("height", 2).put("hash", greedyBlock.hash().toString()).put("branchlen", 1)
                .put("status", "invalid"), tips.getJsonObject(0), tips::encode);
        List<String> statuses = new ArrayList<>();
        for (Object tip : tips) {
            JsonObject object = (JsonObject) tip;
            statuses.add(object.getString("hash") + " " + object.getLong("branchlen") + " " + object.getString("status"));
        }
        // The rival was stored and checked alone, never connected: Core's valid-headers. A block that
        // broke a context-free rule (the bad Merkle root) or has no parent is not in the index at all.
        assertEquals(List.of(greedyBlock.hash() + " 1 invalid", main.hash() + " 0 active", rival.hash() + " 1 valid-headers"),
                statuses);
        assertFalse(statuses.toString().contains(genesis + " "), "the genesis has children: no tip");
    }
}
