package minicoin.rpc;

import static minicoin.rpc.RpcTestClient.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import minicoin.bus.BusAddresses;
import minicoin.bus.BusError;
import minicoin.core.Block;
import minicoin.core.BlockHeader;
import minicoin.core.Bytes;
import minicoin.core.Coinbase;
import minicoin.core.Hash;
import minicoin.core.Merkle;
import minicoin.core.OutPoint;
import minicoin.core.Transaction;
import minicoin.core.TxIn;
import minicoin.core.TxOut;
import minicoin.crypto.Address;
import minicoin.crypto.AddressFormatException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chain, mempool and mining methods of issue 14 with Bitcoin Core's names, parameters and result
 * shapes (the keys of Core's RPC help for getchaintips, gettxout, gettxoutsetinfo, getmempoolentry,
 * testmempoolaccept, getblocktemplate, submitblock and getblock), over HTTP against stub services.
 * ExternalMinerRpcTest drives the same methods against a real chain.
 */
@ExtendWith(VertxExtension.class)
class CoreChainMethodsTest {

    private static final String HASH = "ab".repeat(32);

    @RegisterExtension
    final NoBlockedThreads noBlockedThreads = new NoBlockedThreads();

    private StubNode node;
    private RpcTestClient client;

    @BeforeEach
    void start(Vertx vertx, @TempDir Path dataDir) {
        RpcFixture rpc = RpcFixture.start(vertx, dataDir);
        node = rpc.node;
        client = rpc.client;
    }

    private static Address address(String text) {
        try {
            return Address.parse(text);
        } catch (AddressFormatException e) {
            throw new AssertionError(e);
        }
    }

    /** A spend of output 1 of txid 11..11 paying 7 coins to ADDRESS. */
    private static Transaction payment() {
        TxIn input = new TxIn(new OutPoint(Hash.fromHex("11".repeat(32)), 1),
                Bytes.fromHex("02" + "ab".repeat(32)), Bytes.fromHex("30" + "cd".repeat(69)));
        return Transaction.of(List.of(input), List.of(new TxOut(7, address(StubNode.ADDRESS))));
    }

    private static String hex(Transaction tx) {
        return HexFormat.of().formatHex(tx.encode());
    }

    /** The reply as the server wrote it: amounts keep Core's eight decimals there, which a JSON parser drops. */
    private String rawBody(String method, JsonArray params) {
        return client.post(new JsonObject().put("method", method).put("params", params).put("id", 1).encode()).bodyAsString();
    }

    private static int code(JsonObject error) {
        return error.getInteger("code");
    }

    // getchaintips

    @Test
    void getChainTipsIsCoresArrayOfTips() {
        JsonArray tips = new JsonArray()
                .add(new JsonObject().put("height", 5).put("hash", StubNode.BEST).put("branchlen", 0).put("status", "active"))
                .add(new JsonObject().put("height", 3).put("hash", HASH).put("branchlen", 1).put("status", "valid-fork"));
        node.answer(BusAddresses.CHAIN_TIPS, request -> new JsonObject().put("tips", tips));

        assertEquals(tips, client.result("getchaintips", null));
        assertEquals(-8, code(client.error("getchaintips", args(1))));
    }

    // gettxout

    @Test
    void getTxOutHasCoresKeysWithTheValueAsAnAmount() {
        node.answer(BusAddresses.CHAIN_TX_OUT, request -> new JsonObject().put("found", true).put("bestblock", StubNode.BEST)
                .put("confirmations", 3).put("value", 25).put("address", StubNode.ADDRESS).put("coinbase", false));

        JsonObject out = (JsonObject) client.result("gettxout", args(HASH.toUpperCase(), 1));

        assertEquals(new JsonObject().put("txid", HASH).put("n", 1).put("includeMempool", true),
                node.lastRequest(BusAddresses.CHAIN_TX_OUT));
        // Core's help: bestblock, confirmations, value, scriptPubKey {asm, hex, type, address}, coinbase.
        assertEquals(Set.of("bestblock", "confirmations", "value", "scriptPubKey", "coinbase"), out.fieldNames());
        assertEquals(StubNode.BEST, out.getString("bestblock"));
        assertEquals(3, out.getInteger("confirmations"));
        assertEquals(25.0, out.getDouble("value"));
        assertTrue(rawBody("gettxout", args(HASH, 1)).contains("\"value\":25.00000000"), "an amount, with Core's eight decimals");
        JsonObject script = out.getJsonObject("scriptPubKey");
        assertEquals(StubNode.ADDRESS, script.getString("address"));
        assertEquals("pubkeyhash", script.getString("type"));
        assertTrue(script.getString("hex").startsWith("76a914") && script.getString("hex").endsWith("88ac"), script::encode);
        assertTrue(script.getString("asm").startsWith("OP_DUP OP_HASH160 "), script::encode);
        assertEquals(false, out.getBoolean("coinbase"));

        client.result("gettxout", new JsonObject().put("txid", HASH).put("n", 0).put("include_mempool", false));
        assertEquals(false, node.lastRequest(BusAddresses.CHAIN_TX_OUT).getBoolean("includeMempool"));
    }

    @Test
    void getTxOutOfASpentOrUnknownOutputIsNull() {
        node.answer(BusAddresses.CHAIN_TX_OUT, request -> new JsonObject().put("found", false));

        JsonObject reply = client.call("gettxout", args(HASH, 0));

        assertTrue(reply.containsKey("result"), reply::encode);
        assertNull(reply.getValue("result"));
    }

    @Test
    void getTxOutRefusesBadParameters() {
        assertEquals(-8, code(client.error("gettxout", args(HASH))));
        assertEquals(-8, code(client.error("gettxout", args("xyz", 0))));
        assertEquals(-8, code(client.error("gettxout", args(HASH, -1))));
        assertEquals(-8, code(client.error("gettxout", args(HASH, 0, "yes"))));
        assertTrue(node.requests(BusAddresses.CHAIN_TX_OUT).isEmpty());
    }

    // gettxoutsetinfo

    @Test
    void getTxOutSetInfoHasCoresKeysButTheHashes() {
        node.answer(BusAddresses.CHAIN_TX_OUT_SET_INFO, request -> new JsonObject().put("height", 5)
                .put("bestblock", StubNode.BEST).put("txouts", 10).put("transactions", 7).put("total_amount", 6000));

        JsonObject info = (JsonObject) client.result("gettxoutsetinfo", null);

        assertEquals(Set.of("height", "bestblock", "txouts", "bogosize", "transactions", "total_amount"), info.fieldNames());
        assertEquals(5, info.getInteger("height"));
        assertEquals(10, info.getInteger("txouts"));
        assertEquals(750, info.getInteger("bogosize"), "Core's 75 bytes a P2PKH output");
        assertEquals(7, info.getInteger("transactions"));
        assertEquals(6000.0, info.getDouble("total_amount"));
        assertTrue(rawBody("gettxoutsetinfo", args()).contains("\"total_amount\":6000.00000000"), "an amount");
        client.result("gettxoutsetinfo", args("none"));
        assertEquals(-8, code(client.error("gettxoutsetinfo", args("hash_serialized_3"))));
        assertEquals(-8, code(client.error("gettxoutsetinfo", args("muhash"))));
    }

    // getmempoolentry

    @Test
    void getMempoolEntryIsCoresObject() {
        node.answer(BusAddresses.CHAIN_MEMPOOL_ENTRY, request -> new JsonObject().put("fullHash", HASH).put("size", 250)
                .put("fee", 2).put("time", 1_700_000_000L).put("height", 4)
                .put("ancestorCount", 2).put("ancestorSize", 500).put("ancestorFees", 3)
                .put("descendantCount", 1).put("descendantSize", 250).put("descendantFees", 2)
                .put("depends", new JsonArray().add(StubNode.TXID)).put("spentBy", new JsonArray()));

        JsonObject entry = (JsonObject) client.result("getmempoolentry", args(HASH));

        assertEquals(new JsonObject().put("txid", HASH), node.lastRequest(BusAddresses.CHAIN_MEMPOOL_ENTRY));
        assertEquals(Set.of("vsize", "weight", "time", "height", "descendantcount", "descendantsize", "ancestorcount",
                "ancestorsize", "wtxid", "fees", "depends", "spentby", "bip125-replaceable", "unbroadcast"), entry.fieldNames());
        assertEquals(250, entry.getInteger("vsize"));
        assertEquals(1000, entry.getInteger("weight"));
        assertEquals(4, entry.getInteger("height"));
        assertEquals(new JsonObject().put("base", 2).put("modified", 2).put("ancestor", 3).put("descendant", 2),
                entry.getJsonObject("fees"));
        assertEquals(new JsonArray().add(StubNode.TXID), entry.getJsonArray("depends"));
    }

    @Test
    void getMempoolEntryOfATransactionNotInThePoolIsCoresMinus5() {
        node.fail(BusAddresses.CHAIN_MEMPOOL_ENTRY, BusError.NOT_FOUND, "Transaction not in mempool");

        JsonObject error = client.error("getmempoolentry", args(HASH));

        assertEquals(-5, code(error));
        assertEquals("Transaction not in mempool", error.getString("message"));
        assertEquals(-8, code(client.error("getmempoolentry", args("12"))));
    }

    // testmempoolaccept

    @Test
    void testMempoolAcceptAnswersCoresObjectsInOrder() {
        Transaction tx = payment();
        node.answer(BusAddresses.CHAIN_TEST_TXS, request -> new JsonObject().put("results", new JsonArray()
                .add(new JsonObject().put("txid", "aa".repeat(32)).put("wtxid", "bb".repeat(32)).put("allowed", true)
                        .put("size", 200).put("fee", 2))
                .add(new JsonObject().put("txid", "cc".repeat(32)).put("wtxid", "dd".repeat(32)).put("allowed", false)
                        .put("rejectCode", "MEMPOOL_CONFLICT").put("reason", "input 0 spends ..."))));

        JsonArray results = (JsonArray) client.result("testmempoolaccept", args(args(hex(tx), hex(tx))));

        assertEquals(new JsonObject().put("hexes", args(hex(tx), hex(tx))), node.lastRequest(BusAddresses.CHAIN_TEST_TXS));
        JsonObject allowed = results.getJsonObject(0);
        assertEquals(Set.of("txid", "wtxid", "allowed", "vsize", "fees"), allowed.fieldNames());
        assertEquals(true, allowed.getBoolean("allowed"));
        assertEquals(200, allowed.getInteger("vsize"));
        JsonObject fees = allowed.getJsonObject("fees");
        assertEquals(2.0, fees.getDouble("base"));
        assertTrue(rawBody("testmempoolaccept", args(args(hex(tx)))).contains("\"base\":2.00000000"), "an amount");
        assertEquals(0, new BigDecimal("10").compareTo(new BigDecimal(fees.getValue("effective-feerate").toString())),
                "2 coins for 200 bytes is 10 a 1000 bytes");
        assertEquals(new JsonArray().add("bb".repeat(32)), fees.getJsonArray("effective-includes"));
        assertEquals(new JsonObject().put("txid", "cc".repeat(32)).put("wtxid", "dd".repeat(32)).put("allowed", false)
                .put("reject-reason", "txn-mempool-conflict"), results.getJsonObject(1));
    }

    @Test
    void testMempoolAcceptRefusesAFeeRateAboveMaxFeeRate() {
        node.answer(BusAddresses.CHAIN_TEST_TXS, request -> new JsonObject().put("results", new JsonArray()
                .add(new JsonObject().put("txid", "aa".repeat(32)).put("wtxid", "bb".repeat(32)).put("allowed", true)
                        .put("size", 200).put("fee", 2))));

        JsonObject result = ((JsonArray) client.result("testmempoolaccept", args(args(hex(payment())), 9.5))).getJsonObject(0);
        assertEquals(false, result.getBoolean("allowed"));
        assertEquals("max-fee-exceeded", result.getString("reject-reason"));
        assertEquals(true, ((JsonArray) client.result("testmempoolaccept", args(args(hex(payment())), 10)))
                .getJsonObject(0).getBoolean("allowed"));
    }

    @Test
    void testMempoolAcceptTakesOneTo25DecodableTransactions() {
        assertEquals(-8, code(client.error("testmempoolaccept", args(new JsonArray()))));
        JsonArray many = new JsonArray();
        for (int i = 0; i < 26; i++) {
            many.add(hex(payment()));
        }
        assertEquals(-8, code(client.error("testmempoolaccept", args(many))));
        assertEquals(-8, code(client.error("testmempoolaccept", args(args(hex(payment())), -1))));
        JsonObject undecodable = client.error("testmempoolaccept", args(args(hex(payment()), "00ff")));
        assertEquals(-22, code(undecodable));
        assertTrue(undecodable.getString("message").startsWith("TX decode failed"), undecodable::encode);
        assertTrue(node.requests(BusAddresses.CHAIN_TEST_TXS).isEmpty(), "nothing reaches the chain");
    }

    // getblocktemplate

    @Test
    void getBlockTemplateHasCoresKeysThatApply() {
        node.answer(BusAddresses.CHAIN_BLOCK_TEMPLATE, request -> new JsonObject().put("version", 1)
                .put("previousblockhash", StubNode.BEST).put("height", 6).put("bits", "207fffff")
                .put("target", "7fffff" + "0".repeat(58)).put("curtime", 1_700_000_100L).put("mintime", 1_700_000_001L)
                .put("coinbasevalue", 1003).put("sizelimit", 1_000_000)
                .put("transactions", new JsonArray()
                        .add(new JsonObject().put("data", "0100").put("txid", "aa".repeat(32)).put("hash", "bb".repeat(32))
                                .put("depends", new JsonArray()).put("fee", 2).put("size", 200))
                        .add(new JsonObject().put("data", "0200").put("txid", "cc".repeat(32)).put("hash", "dd".repeat(32))
                                .put("depends", new JsonArray().add(1)).put("fee", 1).put("size", 150))));

        JsonObject template = (JsonObject) client.result("getblocktemplate",
                args(new JsonObject().put("rules", new JsonArray().add("segwit")).put("capabilities", new JsonArray().add("coinbasetxn"))));

        assertEquals(Set.of("capabilities", "version", "rules", "vbavailable", "vbrequired", "previousblockhash",
                "transactions", "coinbaseaux", "coinbasevalue", "target", "mintime", "mutable", "noncerange",
                "sizelimit", "weightlimit", "curtime", "bits", "height"), template.fieldNames());
        assertEquals(StubNode.BEST, template.getString("previousblockhash"));
        assertEquals(6, template.getInteger("height"));
        assertEquals(1003, template.getInteger("coinbasevalue"));
        assertEquals("207fffff", template.getString("bits"));
        assertEquals("00000000ffffffff", template.getString("noncerange"));
        assertEquals(new JsonArray().add("time").add("transactions").add("prevblock"), template.getJsonArray("mutable"));
        assertEquals(4_000_000, template.getInteger("weightlimit"));
        assertEquals(new JsonObject().put("data", "0200").put("txid", "cc".repeat(32)).put("hash", "dd".repeat(32))
                .put("depends", new JsonArray().add(1)).put("fee", 1).put("weight", 600), template.getJsonArray("transactions").getJsonObject(1));
        client.result("getblocktemplate", null);
        client.result("getblocktemplate", args(new JsonObject().put("mode", "template")));
    }

    @Test
    void getBlockTemplateTakesOnlyTheTemplateModeAndBoundedLists() {
        assertEquals(-8, code(client.error("getblocktemplate", args(new JsonObject().put("mode", "proposal")))));
        JsonArray many = new JsonArray();
        for (int i = 0; i < 33; i++) {
            many.add("rule" + i);
        }
        assertEquals(-8, code(client.error("getblocktemplate", args(new JsonObject().put("rules", many)))));
        assertEquals(-8, code(client.error("getblocktemplate", args(new JsonObject().put("rules", args("x".repeat(65)))))));
        assertEquals(-8, code(client.error("getblocktemplate", args("template"))));
        assertTrue(node.requests(BusAddresses.CHAIN_BLOCK_TEMPLATE).isEmpty());
    }

    // submitblock

    private static Block block() {
        Transaction coinbase = Coinbase.create(1, 1000, address(StubNode.ADDRESS));
        BlockHeader header = new BlockHeader(BlockHeader.CURRENT_VERSION, Hash.fromHex(StubNode.GENESIS),
                Merkle.rootOf(List.of(coinbase)), 1_700_000_000L, 0x207fffffL, 0);
        return new Block(header, List.of(coinbase));
    }

    private Object submitted(JsonObject reply) {
        node.answer(BusAddresses.CHAIN_SUBMIT_RAW_BLOCK, request -> reply);
        return client.result("submitblock", args(HexFormat.of().formatHex(block().encode())));
    }

    @Test
    void submitBlockAnswersNullOrBip22Reasons() {
        assertNull(submitted(new JsonObject().put("outcome", "CONNECTED").put("hash", HASH)));
        assertEquals(new JsonObject().put("hex", HexFormat.of().formatHex(block().encode())),
                node.lastRequest(BusAddresses.CHAIN_SUBMIT_RAW_BLOCK));
        assertEquals("duplicate", submitted(new JsonObject().put("outcome", "DUPLICATE")));
        assertEquals("inconclusive", submitted(new JsonObject().put("outcome", "SIDE_BRANCH")));
        assertEquals("prev-blk-not-found", submitted(new JsonObject().put("outcome", "ORPHAN")));
        assertEquals("high-hash", submitted(new JsonObject().put("outcome", "REJECTED")
                .put("rejection", new JsonObject().put("code", "HIGH_HASH").put("reason", "..."))));
        assertEquals("bad-txnmrklroot", submitted(new JsonObject().put("outcome", "REJECTED")
                .put("rejection", new JsonObject().put("code", "BAD_MERKLE_ROOT").put("reason", "..."))));
        assertEquals("duplicate-invalid", submitted(new JsonObject().put("outcome", "REJECTED").put("knownInvalid", true)
                .put("rejection", new JsonObject().put("code", "INVALID_PARENT").put("reason", "..."))));
    }

    @Test
    void submitBlockOfHexThatIsNoBlockIsCoresDecodeFailure() {
        JsonObject error = client.error("submitblock", args("0011"));
        assertEquals(-22, code(error));
        assertTrue(error.getString("message").startsWith("Block decode failed"), error::encode);
        assertEquals(-22, code(client.error("submitblock", args("zz"))));
        assertEquals(-8, code(client.error("submitblock", args(5))));
        // A block whose first transaction is not a coinbase.
        Block block = block();
        Block noCoinbase = new Block(block.header(), List.of(payment()));
        JsonObject notCoinbase = client.error("submitblock", args(HexFormat.of().formatHex(noCoinbase.encode())));
        assertEquals(-22, code(notCoinbase));
        assertEquals("Block does not start with a coinbase", notCoinbase.getString("message"));
        assertTrue(node.requests(BusAddresses.CHAIN_SUBMIT_RAW_BLOCK).isEmpty());
    }

    // getblock's verbosities

    private void answerBlock() {
        Block block = block();
        node.answer(BusAddresses.CHAIN_GET_BLOCK_JSON, request -> {
            JsonObject json = new JsonObject().put("hash", block.hash().toString()).put("height", 1).put("version", 1)
                    .put("prevHash", StubNode.GENESIS).put("merkleRoot", block.header().merkleRoot().toString())
                    .put("time", 1_700_000_000L).put("bits", "207fffff").put("nonce", 0).put("size", block.size())
                    .put("txids", new JsonArray().add(block.transactions().get(0).txid().toString()))
                    .put("chainWork", "4").put("medianTime", 1_700_000_000L).put("confirmations", 1);
            return Boolean.TRUE.equals(request.getValue("hex")) ? json.put("hex", HexFormat.of().formatHex(block.encode())) : json;
        });
    }

    @Test
    void getBlockAtVerbosityZeroOrFalseIsTheBlocksHex() {
        answerBlock();
        String hex = HexFormat.of().formatHex(block().encode());

        assertEquals(hex, client.result("getblock", args(HASH, 0)));
        assertEquals(new JsonObject().put("hash", HASH).put("verbosity", 1).put("hex", true),
                node.lastRequest(BusAddresses.CHAIN_GET_BLOCK_JSON));
        assertEquals(hex, client.result("getblock", args(HASH, false)));
        JsonObject verbose = (JsonObject) client.result("getblock", args(HASH, true));
        assertEquals(new JsonArray().add(block().transactions().get(0).txid().toString()), verbose.getJsonArray("tx"));
        assertEquals(new JsonObject().put("hash", HASH).put("verbosity", 1), node.lastRequest(BusAddresses.CHAIN_GET_BLOCK_JSON));
    }

    @Test
    void getBlockAtVerbosityTwoHoldsCoresDecodedTransactions() {
        answerBlock();
        Transaction coinbase = block().transactions().get(0);

        JsonObject verbose = (JsonObject) client.result("getblock", args(HASH, 2));

        JsonObject tx = verbose.getJsonArray("tx").getJsonObject(0);
        assertEquals(Set.of("txid", "hash", "version", "size", "vsize", "weight", "locktime", "vin", "vout", "hex"), tx.fieldNames());
        assertEquals(coinbase.txid().toString(), tx.getString("txid"));
        assertEquals(hex(coinbase), tx.getString("hex"));
        assertTrue(tx.getJsonArray("vin").getJsonObject(0).containsKey("coinbase"), tx::encode);
        assertEquals(StubNode.ADDRESS, tx.getJsonArray("vout").getJsonObject(0).getJsonObject("scriptPubKey").getString("address"));
        assertEquals(1, verbose.getInteger("nTx"));
        assertTrue(!verbose.containsKey("hex") && !verbose.containsKey("transactions"), verbose::encode);
        assertEquals(StubNode.GENESIS, verbose.getString("previousblockhash"));
    }
}
