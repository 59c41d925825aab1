package minicoin.rpc;

import static minicoin.rpc.RpcTestClient.args;
import static minicoin.rpc.RpcTestClient.await;
import static minicoin.rpc.StubNode.ADDRESS;
import static minicoin.rpc.StubNode.BEST;
import static minicoin.rpc.StubNode.BLOCK;
import static minicoin.rpc.StubNode.GENESIS;
import static minicoin.rpc.StubNode.NEW_ADDRESS;
import static minicoin.rpc.StubNode.OTHER_ADDRESS;
import static minicoin.rpc.StubNode.TXID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Locale;
import minicoin.bus.BusAddresses;
import minicoin.bus.BusError;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every method against stub services: positional and named parameters, bad parameters, bus failures. */
@ExtendWith(VertxExtension.class)
class RpcMethodsTest {

    private static final String BAD_SHAPE_ADDRESS = "1O0Il";

    @RegisterExtension
    final NoBlockedThreads noBlockedThreads = new NoBlockedThreads();

    private RpcFixture rpc;
    private StubNode node;
    private RpcTestClient client;

    @BeforeEach
    void start(Vertx vertx, @TempDir Path dataDir) {
        rpc = RpcFixture.start(vertx, dataDir);
        node = rpc.node;
        client = rpc.client;
    }

    private void assertInvalidParams(String method, Object params, String message) {
        JsonObject error = client.error(method, params);
        assertEquals(-8, error.getInteger("code"), error::encode);
        assertEquals(message, error.getString("message"));
    }

    private void assertError(int code, String message, JsonObject error) {
        assertEquals(code, error.getInteger("code"), error::encode);
        assertEquals(message, error.getString("message"));
    }

    // creategenesis

    @Test
    void createGenesisWithoutAnAddressPaysANewWalletAddress() {
        node.answer(BusAddresses.CHAIN_INFO, request -> StubNode.chainInfo(-1, null, null));

        Object result = client.result("creategenesis", null);

        assertEquals(new JsonObject().put("address", NEW_ADDRESS).put("hash", GENESIS), result);
        assertEquals(new JsonObject().put("address", NEW_ADDRESS), node.lastRequest(BusAddresses.CHAIN_CREATE_GENESIS));
    }

    @Test
    void createGenesisPaysTheGivenAddressByPositionOrName() {
        node.answer(BusAddresses.CHAIN_INFO, request -> StubNode.chainInfo(-1, null, null));

        assertEquals(new JsonObject().put("address", ADDRESS).put("hash", GENESIS),
                client.result("creategenesis", args(ADDRESS)));
        assertEquals(new JsonObject().put("address", OTHER_ADDRESS).put("hash", GENESIS),
                client.result("creategenesis", new JsonObject().put("address", OTHER_ADDRESS)));
        assertTrue(node.requests(BusAddresses.WALLET_CREATE).isEmpty());
    }

    @Test
    void createGenesisOnAChainThatHasOneIsRejectedWithoutTouchingTheWallet() {
        JsonObject error = client.error("creategenesis", null);

        assertError(-26, "the chain already has a genesis block: " + GENESIS, error);
        assertTrue(node.requests(BusAddresses.WALLET_CREATE).isEmpty());
        assertTrue(node.requests(BusAddresses.CHAIN_CREATE_GENESIS).isEmpty());
    }

    @Test
    void createGenesisChecksTheAddressShape() {
        assertInvalidParams("creategenesis", args(BAD_SHAPE_ADDRESS),
                "invalid params: /address must be an address (1 followed by 24 to 33 Base58 characters)");
    }

    // getnewaddress, createwallet, listaddresses

    @Test
    void getNewAddressAndItsAliasCreateAWalletAddress() {
        assertEquals(NEW_ADDRESS, client.result("getnewaddress", null));
        assertEquals(NEW_ADDRESS, client.result("createwallet", args()));
        assertEquals(NEW_ADDRESS, client.result("getnewaddress", new JsonObject()));
        assertEquals(3, node.requests(BusAddresses.WALLET_CREATE).size());
    }

    @Test
    void methodsWithoutParametersRefuseSome() {
        assertInvalidParams("listaddresses", args("label"), "invalid params: expected at most 0 parameter(s), got 1");
        assertInvalidParams("getblockcount", new JsonObject().put("label", "x"),
                "invalid params: /label is not a parameter of this method (it takes none)");
    }

    @Test
    void listAddressesListsTheWallet() {
        assertEquals(args(ADDRESS, OTHER_ADDRESS), client.result("listaddresses", null));
    }

    // getbalance

    @Test
    void getBalanceByPositionAndByName() {
        JsonObject expected = new JsonObject().put("address", ADDRESS).put("confirmed", 1000).put("withUnconfirmed", 900);

        assertEquals(expected, client.result("getbalance", args(ADDRESS)));
        assertEquals(expected, client.result("getbalance", new JsonObject().put("address", ADDRESS)));
        assertEquals(new JsonObject().put("address", ADDRESS), node.lastRequest(BusAddresses.CHAIN_BALANCE));
    }

    @Test
    void getBalanceWithoutAnAddressIsCoresWalletTotalAsADecimal() {
        node.answer(BusAddresses.CHAIN_BALANCE, request -> new JsonObject().put("address", request.getString("address"))
                .put("confirmed", 1000).put("withUnconfirmed", 900).put("pending", 100));

        Object total = client.result("getbalance", args());

        // Two wallet addresses, each 900 − 100 spendable now; a decimal, as Core's clients read an amount.
        assertEquals(1600.0, total);
        assertEquals(total, client.result("getbalance", new JsonObject()));
        String body = client.post("{\"method\":\"getbalance\",\"params\":[],\"id\":1}").bodyAsString();
        assertEquals("{\"result\":1600.00000000,\"error\":null,\"id\":1}", body, "eight decimals, as Core writes an amount");
    }

    @Test
    void getBalanceNamesItsBadParameter() {
        assertInvalidParams("getbalance", args(12), "invalid params: /address must be a string");
        assertInvalidParams("getbalance", new JsonObject().put("address", ADDRESS).put("minconf", 1),
                "invalid params: /minconf is not a parameter of this method (it takes address)");
        assertInvalidParams("getbalance", args(ADDRESS, 1),
                "invalid params: expected at most 1 parameter(s) (address), got 2");
        assertTrue(node.requests(BusAddresses.CHAIN_BALANCE).isEmpty());
    }

    @Test
    void anAddressWithAGoodShapeButABadChecksumIsTheBackendsCall() {
        node.fail(BusAddresses.CHAIN_BALANCE, BusError.BAD_ADDRESS, "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3 has a bad checksum");

        assertError(-5, "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3 has a bad checksum",
                client.error("getbalance", args("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3")));
    }

    // send

    @Test
    void sendByPositionAndByName() {
        JsonObject byPosition = (JsonObject) client.result("send", args(ADDRESS, OTHER_ADDRESS, 100, 2));
        JsonObject byName = (JsonObject) client.result("send", new JsonObject()
                .put("to", OTHER_ADDRESS).put("amount", 100).put("from", ADDRESS));

        assertEquals(new JsonObject().put("txid", TXID).put("fee", 2), byPosition);
        // No fee named: the request names none, and the wallet pays the relay minimum for the size.
        assertEquals(new JsonObject().put("txid", TXID).put("fee", 1), byName);
        assertEquals(new JsonObject().put("from", ADDRESS).put("to", OTHER_ADDRESS).put("amount", 100),
                node.lastRequest(BusAddresses.WALLET_SEND));
    }

    @Test
    void aNullPositionalParameterTakesItsDefault() {
        client.result("send", args(ADDRESS, OTHER_ADDRESS, 100, null));

        assertFalse(node.lastRequest(BusAddresses.WALLET_SEND).containsKey("fee"), "the wallet's default fee");
    }

    @Test
    void sendNamesItsBadParameter() {
        assertInvalidParams("send", args(ADDRESS, OTHER_ADDRESS, 0), "invalid params: /amount must be >= 1");
        assertInvalidParams("send", new JsonObject().put("from", ADDRESS).put("to", OTHER_ADDRESS).put("amount", -5),
                "invalid params: /amount must be >= 1");
        assertInvalidParams("send", args(ADDRESS, OTHER_ADDRESS, 10, -1), "invalid params: /fee must be >= 0");
        assertInvalidParams("send", args(ADDRESS, OTHER_ADDRESS, "10"), "invalid params: /amount must be an integer");
        assertInvalidParams("send", args(ADDRESS, OTHER_ADDRESS, 1.5), "invalid params: /amount must be an integer");
        assertInvalidParams("send", args(ADDRESS, OTHER_ADDRESS, 9_007_199_254_740_992L),
                "invalid params: /amount must be <= 9007199254740991");
        assertInvalidParams("send", args(ADDRESS, BAD_SHAPE_ADDRESS, 10),
                "invalid params: /to must be an address (1 followed by 24 to 33 Base58 characters)");
        assertInvalidParams("send", args(ADDRESS, OTHER_ADDRESS), "invalid params: /amount is required");
        assertInvalidParams("send", new JsonObject().put("to", OTHER_ADDRESS).put("amount", 1),
                "invalid params: /from is required");
        assertInvalidParams("send", args(ADDRESS, OTHER_ADDRESS, 1, 0, "extra"),
                "invalid params: expected at most 4 parameter(s) (from, to, amount, fee), got 5");
        assertTrue(node.requests(BusAddresses.WALLET_SEND).isEmpty());
    }

    @ParameterizedTest
    @CsvSource({
        "INSUFFICIENT_FUNDS, -6",
        "UNKNOWN_ADDRESS, -32011",
        "BAD_ADDRESS, -5",
        "BAD_AMOUNT, -3",
        "REJECTED, -26",
        "NOT_FOUND, -5",
        "NO_GENESIS, -32016",
        "WALLET_LOCKED, -13",
        "WRONG_PASSPHRASE, -14",
        "WRONG_ENCRYPTION_STATE, -15",
        "WALLET_ERROR, -4",
        "INVALID_REQUEST, -8",
        "INTERNAL, -32603"})
    void busFailuresBecomeCoresCodesOrOursWithTheirText(BusError failure, int code) {
        String text = "the wallet says " + failure.name().toLowerCase(Locale.ROOT);
        node.fail(BusAddresses.WALLET_SEND, failure, text);

        assertError(code, text, client.error("send", args(ADDRESS, OTHER_ADDRESS, 10)));
    }

    @Test
    void aTransactionSpendingMissingCoinsIsCoresVerifyError() {
        String text = "MISSING_INPUT: transaction 5e1f spends an output that does not exist";
        node.fail(BusAddresses.WALLET_SEND, BusError.REJECTED, text);

        assertError(-25, text, client.error("send", args(ADDRESS, OTHER_ADDRESS, 10)));
    }

    // getblock

    /**
     * getblockview is what getblock answered before it took Core's shape (the CLI's print); getblock's
     * verbosities, whose results add Core's keys to a real header, are CoreMethodsTest's and CoreChainMethodsTest's.
     */
    @Test
    void getBlockViewByHeightAtVerbosityZeroIsTheChainsViewUnchanged() {
        JsonObject block = (JsonObject) client.result("getblockview", args(1, 0));
        assertEquals(new JsonObject().put("hash", BLOCK).put("height", 1).put("confirmations", 5)
                .put("tx", new JsonArray().add(TXID)), block);
        assertEquals(new JsonObject().put("height", 1).put("verbosity", 0),
                node.lastRequest(BusAddresses.CHAIN_GET_BLOCK_JSON));
    }

    @Test
    void getBlockNamesItsBadParameter() {
        assertInvalidParams("getblock", args("abc"),
                "invalid params: /blockhash must be a block hash (64 hex digits) or a height");
        assertInvalidParams("getblock", args(-1), "invalid params: /blockhash must be >= 0");
        assertInvalidParams("getblock", args(true), "invalid params: /blockhash must be a string or an integer");
        assertInvalidParams("getblockview", args(true), "invalid params: /hashOrHeight must be a string or an integer");
        assertInvalidParams("getblock", args(1, 3), "invalid params: /verbosity must be <= 2");
        assertInvalidParams("getblock", new JsonObject().put("blockhash", 1).put("verbosity", "full"),
                "invalid params: /verbosity must be an integer or a boolean");
        assertInvalidParams("getblockview", args(1, true), "invalid params: /verbosity must be an integer");
    }

    @Test
    void anUnknownBlockIsNotFound() {
        node.fail(BusAddresses.CHAIN_GET_BLOCK_JSON, BusError.NOT_FOUND, "no block at height 99");

        assertError(-5, "no block at height 99", client.error("getblock", args(99)));
    }

    // getblockcount, getbestblockhash, getblockhash

    @Test
    void blockCountAndBestHashComeFromChainInfo() {
        assertEquals(5, client.result("getblockcount", null));
        assertEquals(BEST, client.result("getbestblockhash", args()));
    }

    @Test
    void beforeAGenesisTheCountIsMinusOneAndThereIsNoBestHash() {
        node.answer(BusAddresses.CHAIN_INFO, request -> StubNode.chainInfo(-1, null, null));

        assertEquals(-1, client.result("getblockcount", null));
        assertError(-32016, "the chain has no genesis block yet", client.error("getbestblockhash", null));
    }

    @Test
    void getBlockHashByPositionAndByName() {
        assertEquals(BLOCK, client.result("getblockhash", args(3)));
        assertEquals(BLOCK, client.result("getblockhash", new JsonObject().put("height", 3)));
        assertEquals(new JsonObject().put("height", 3), node.lastRequest(BusAddresses.CHAIN_GET_BLOCK_HASH));
        assertInvalidParams("getblockhash", args(-3), "invalid params: /height must be >= 0");
        assertInvalidParams("getblockhash", null, "invalid params: /height is required");
        node.fail(BusAddresses.CHAIN_GET_BLOCK_HASH, BusError.NOT_FOUND, "no block at height 99");
        assertError(-8, "Block height out of range", client.error("getblockhash", args(99)));
    }

    // gettransaction

    @Test
    void getTransactionFromTheMempoolOrAGivenBlock() {
        JsonObject found = (JsonObject) client.result("gettransaction", args(TXID));
        assertTrue(found.getBoolean("inMempool"));
        assertEquals(new JsonObject().put("txid", TXID), node.lastRequest(BusAddresses.CHAIN_GET_TRANSACTION));

        client.result("gettransaction", new JsonObject().put("txid", TXID).put("blockhash", BLOCK));
        assertEquals(new JsonObject().put("txid", TXID).put("blockHash", BLOCK),
                node.lastRequest(BusAddresses.CHAIN_GET_TRANSACTION));
    }

    @Test
    void getTransactionNamesItsBadParameter() {
        assertInvalidParams("gettransaction", args("xyz"), "invalid params: /txid must be a txid (64 hex digits)");
        assertInvalidParams("gettransaction", args(TXID, 5), "invalid params: /include_watchonly must be a boolean or a string");
        assertInvalidParams("gettransaction", args(TXID, "00"), "invalid params: /include_watchonly must be true or false"
                + " (Core's; accepted, the wallet watches no address it has no key for) or Minicoin's block hash to look in (64 hex digits)");
        assertInvalidParams("gettransaction", new JsonObject().put("txid", TXID).put("blockhash", "00"),
                "invalid params: /blockhash must be a block hash (64 hex digits)");
    }

    // mempool

    @Test
    void mempoolMethods() {
        assertEquals(args(TXID), client.result("getrawmempool", null));
        assertEquals(new JsonObject().put("size", 1).put("bytes", 250).put("usage", 1100).put("maxmempool", 33554432)
                .put("mempoolminfee", 2).put("minrelaytxfee", 1), client.result("getmempoolinfo", args()));
    }

    @Test
    void memoryInfoShowsThisJvmsHeap() {
        JsonObject info = (JsonObject) client.result("getmemoryinfo", null);
        long max = Runtime.getRuntime().maxMemory();
        assertEquals(max, info.getLong("heapMax"));
        assertTrue(info.getLong("heapUsed") > 0 && info.getLong("heapUsed") <= max, info.encode());
        assertTrue(info.getLong("heapAfterGc") >= 0 && info.getLong("heapAfterGc") <= max, info.encode());
        assertEquals(0, info.getJsonObject("locked").getInteger("locked"));
    }

    // generate and getmininginfo

    @Test
    void generateByPositionAndByName() {
        JsonArray three = (JsonArray) client.result("generate", args(3));
        assertEquals(3, three.size());
        assertEquals(new JsonObject().put("blocks", 3), node.lastRequest(BusAddresses.MINING_GENERATE));

        client.result("generate", new JsonObject().put("n", 1).put("address", ADDRESS));
        assertEquals(new JsonObject().put("blocks", 1).put("address", ADDRESS),
                node.lastRequest(BusAddresses.MINING_GENERATE));
    }

    @Test
    void generateNamesItsBadParameter() {
        assertInvalidParams("generate", args(0), "invalid params: /n must be >= 1");
        assertInvalidParams("generate", args(1001), "invalid params: /n must be <= 1000");
        assertInvalidParams("generate", args(1, BAD_SHAPE_ADDRESS),
                "invalid params: /address must be an address (1 followed by 24 to 33 Base58 characters)");
    }

    @Test
    void generateWaitsLongerThanOrdinaryCalls() {
        long slowerThanAnOrdinaryCall = RpcFixture.BUS_TIMEOUT.toMillis() + 500;
        node.answerLater(BusAddresses.MINING_GENERATE, slowerThanAnOrdinaryCall,
                request -> new JsonObject().put("hashes", args(BLOCK)));

        assertEquals(args(BLOCK), client.result("generate", args(1)));
    }

    @Test
    void miningInfoCombinesMinerAndChain() {
        assertEquals(new JsonObject().put("mode", "pool-full").put("threads", 2).put("hashrate", 1234.5)
                        .put("hashes", 98765L).put("blocksMined", 3).put("difficulty", 4.6e-10).put("blocks", 5)
                        .put("networkhashps", 0.0).put("pooledtx", 1).put("chain", "regtest").put("warnings", ""),
                client.result("getmininginfo", null));
    }

    @Test
    void withoutAMinerMiningIsOff() {
        await(node.remove(BusAddresses.MINING_INFO));

        assertEquals(new JsonObject().put("mode", "off").put("threads", 0).put("hashrate", 0)
                        .put("hashes", 0).put("blocksMined", 0).put("difficulty", 4.6e-10).put("blocks", 5)
                        .put("networkhashps", 0.0).put("pooledtx", 1).put("chain", "regtest").put("warnings", ""),
                client.result("getmininginfo", null));
    }

    // peers and network

    @Test
    void withoutPeerServicesPeerAndNetworkInfoAreEmpty() {
        assertEquals(new JsonArray(), client.result("getpeerinfo", null));
        JsonObject info = (JsonObject) client.result("getnetworkinfo", args());
        // Core's version is an integer (0.1.0 → 100); our version string is in Core's subversion.
        assertEquals(100, info.getValue("version"));
        assertEquals("/Minicoin:0.1.0/", info.getString("subversion"));
        assertEquals(0, info.getInteger("connections"));
        assertEquals(0, info.getInteger("connections_in"));
        assertEquals(0, info.getInteger("connections_out"));
        JsonObject ours = new JsonObject();
        for (String key : new String[] {"network", "localServices", "p2p", "discovery", "chain"}) {
            ours.put(key, info.getValue(key));
        }
        assertEquals(new JsonObject().put("network", "regtest")
                .put("localServices", new JsonArray()).putNull("p2p").putNull("discovery")
                // The stub chain's chain.info has no block-index figures.
                .put("chain", new JsonObject().putNull("headers").putNull("orphans").putNull("orphanBytes")), ours);
    }

    @Test
    void peerAndNetworkInfoComeFromThePeerService() {
        JsonObject peer = new JsonObject().put("id", 3).put("address", "10.0.0.2:5678").put("inbound", false);
        JsonObject p2p = new JsonObject().put("port", 5678).put("connections", 1).put("bans", new JsonArray());
        node.answer(BusAddresses.P2P_PEERS, request -> new JsonObject().put("peers", new JsonArray().add(peer)));
        node.answer(BusAddresses.P2P_INFO, request -> p2p);

        // Core's addr beside our address (GetPeerInfoTest has the other keys).
        JsonObject shaped = ((JsonArray) client.result("getpeerinfo", null)).getJsonObject(0);
        peer.forEach(entry -> assertEquals(entry.getValue(), shaped.getValue(entry.getKey()), entry.getKey()));
        assertEquals("10.0.0.2:5678", shaped.getString("addr"));
        assertEquals("not_publicly_routable", shaped.getString("network"));
        JsonObject info = (JsonObject) client.result("getnetworkinfo", args());
        assertEquals(1, info.getInteger("connections"));
        assertEquals(new JsonArray().add("p2p"), info.getJsonArray("localServices"));
        assertEquals(p2p, info.getJsonObject("p2p"));
    }

    @Test
    void addNodeAsksThePeerServiceToDial() {
        node.answer(BusAddresses.P2P_CONNECT, request -> new JsonObject().put("address", request.getString("address"))
                .put("added", true));

        assertEquals(new JsonObject().put("address", "10.0.0.2:5678").put("added", true),
                client.result("addnode", args("10.0.0.2:5678")));
    }

    // services that are missing or silent

    @Test
    void aSilentServiceTimesOutAsAnInternalError() {
        node.silence(BusAddresses.CHAIN_INFO);

        assertError(-32603, "the chain service did not answer within 1 s", client.error("getblockcount", null));
    }

    @Test
    void aMissingServiceIsAnInternalErrorSayingSo() {
        await(node.remove(BusAddresses.CHAIN_BALANCE));
        await(node.remove(BusAddresses.WALLET_LIST));

        assertError(-32603, "no chain service is running in this node", client.error("getbalance", args(ADDRESS)));
        assertError(-32603, "no wallet service is running in this node", client.error("listaddresses", null));
    }

    @Test
    void withoutAChainMiningInfoFails() {
        await(node.remove(BusAddresses.CHAIN_INFO));

        assertError(-32603, "no chain service is running in this node", client.error("getmininginfo", null));
    }

    @Test
    void aReplyThatIsNoJsonObjectIsAnInternalError(Vertx vertx) {
        await(node.remove(BusAddresses.CHAIN_MEMPOOL));
        var consumer = vertx.eventBus().<JsonObject>consumer(
                new BusAddresses(RpcFixture.BUS_PREFIX).of(BusAddresses.CHAIN_MEMPOOL), message -> message.reply("oops"));
        await(consumer.completion());

        JsonObject error = client.error("getrawmempool", null);

        assertEquals(-32603, error.getInteger("code"));
        assertFalse(error.getString("message").isBlank());
    }
}
