package minicoin.rpc;

import static minicoin.rpc.RpcTestClient.args;
import static minicoin.rpc.RpcTestClient.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import minicoin.core.Bytes;
import minicoin.core.Hash;
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
 * The mining, transaction and wallet methods of issue 14 with Bitcoin Core's names, parameters and
 * result shapes, over HTTP against stub services (Core's help texts give the shapes).
 */
@ExtendWith(VertxExtension.class)
class CoreTransactionMethodsTest {

    /** A valid address for the wallet's second (StubNode.OTHER_ADDRESS has the shape, not the checksum). */
    private static final String SECOND = Address.ofHash160(new byte[20]).toString();

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

    @Test
    void generateToAddressMinesToTheAddressAndAnswersTheHashesAsCore() {
        JsonArray hashes = (JsonArray) client.result("generatetoaddress", args(2, StubNode.ADDRESS));

        assertEquals(args(String.format("%064x", 1), String.format("%064x", 2)), hashes);
        assertEquals(new JsonObject().put("blocks", 2).put("address", StubNode.ADDRESS),
                node.lastRequest(BusAddresses.MINING_GENERATE));
        // Core's maxtries is accepted.
        client.result("generatetoaddress", new JsonObject().put("nblocks", 1).put("address", StubNode.ADDRESS)
                .put("maxtries", 1_000_000));
        assertEquals(1, node.lastRequest(BusAddresses.MINING_GENERATE).getInteger("blocks"));
    }

    @Test
    void generateToAddressNeedsAnAddressAndABoundedCount() {
        assertEquals(-8, client.error("generatetoaddress", args(1)).getInteger("code"));
        assertEquals(-8, client.error("generatetoaddress", args(0, StubNode.ADDRESS)).getInteger("code"));
        assertEquals(-8, client.error("generatetoaddress", args(1001, StubNode.ADDRESS)).getInteger("code"));
        assertEquals(-8, client.error("generatetoaddress", args(1, "not-an-address")).getInteger("code"));
    }

    /** A spend of output 1 of txid 11..11 paying 7 coins to ADDRESS, with a 33-byte key and a 70-byte signature. */
    private static Transaction payment() {
        try {
            TxIn input = new TxIn(new OutPoint(Hash.fromHex("11".repeat(32)), 1),
                    Bytes.fromHex("02" + "ab".repeat(32)), Bytes.fromHex("30" + "cd".repeat(69)));
            return Transaction.of(List.of(input), List.of(new TxOut(7, Address.parse(StubNode.ADDRESS))));
        } catch (AddressFormatException e) {
            throw new AssertionError(e);
        }
    }

    private static String hex(Transaction tx) {
        return HexFormat.of().formatHex(tx.encode());
    }

    private static void assertCoreTransactionShape(Transaction tx, JsonObject decoded) {
        assertEquals(tx.txid().toString(), decoded.getString("txid"));
        assertEquals(tx.fullHash().toString(), decoded.getString("hash"));
        assertEquals(tx.size(), decoded.getInteger("size"));
        assertEquals(tx.size(), decoded.getInteger("vsize"));
        assertEquals(4 * tx.size(), decoded.getInteger("weight"));
        assertEquals(tx.version(), decoded.getInteger("version"));
        assertEquals(tx.lockTime(), decoded.getLong("locktime"));
        JsonObject vin = decoded.getJsonArray("vin").getJsonObject(0);
        assertEquals("11".repeat(32), vin.getString("txid"));
        assertEquals(1, vin.getInteger("vout"));
        assertEquals("46" + "30" + "cd".repeat(69) + "21" + "02" + "ab".repeat(32),
                vin.getJsonObject("scriptSig").getString("hex"));
        assertEquals(4294967295L, vin.getLong("sequence"));
        JsonObject vout = decoded.getJsonArray("vout").getJsonObject(0);
        assertEquals(7, vout.getInteger("value"));
        assertEquals(0, vout.getInteger("n"));
        JsonObject script = vout.getJsonObject("scriptPubKey");
        assertEquals(StubNode.ADDRESS, script.getString("address"));
        assertEquals("pubkeyhash", script.getString("type"));
        assertTrue(script.getString("hex").startsWith("76a914") && script.getString("hex").endsWith("88ac"), script.encode());
    }

    @Test
    void getRawTransactionIsTheHexOfTheWholeTransactionByDefault() {
        Transaction tx = payment();
        node.answer(BusAddresses.CHAIN_GET_TRANSACTION, request -> new JsonObject().put("hex", hex(tx))
                .put("inMempool", true).put("confirmations", 0));

        assertEquals(hex(tx), client.result("getrawtransaction", args(tx.txid().toString())));
        assertEquals(hex(tx), client.result("getrawtransaction", args(tx.txid().toString(), 0)));
        assertEquals(new JsonObject().put("txid", tx.txid().toString()), node.lastRequest(BusAddresses.CHAIN_GET_TRANSACTION));
    }

    @Test
    void getRawTransactionVerboseFromABlockHasCoresKeys() {
        Transaction tx = payment();
        node.answer(BusAddresses.CHAIN_GET_TRANSACTION, request -> new JsonObject().put("hex", hex(tx))
                .put("inMempool", false).put("blockHash", StubNode.BLOCK).put("height", 1).put("blockTime", 1_764_000_000L)
                .put("confirmations", 5));

        JsonObject verbose = (JsonObject) client.result("getrawtransaction", args(tx.txid().toString(), true, StubNode.BLOCK));

        assertCoreTransactionShape(tx, verbose);
        assertEquals(hex(tx), verbose.getString("hex"));
        assertEquals(StubNode.BLOCK, verbose.getString("blockhash"));
        assertEquals(5, verbose.getInteger("confirmations"));
        assertTrue(verbose.getBoolean("in_active_chain"));
        assertEquals(1_764_000_000L, verbose.getLong("time"));
        assertEquals(1_764_000_000L, verbose.getLong("blocktime"));
        assertEquals(StubNode.BLOCK, node.lastRequest(BusAddresses.CHAIN_GET_TRANSACTION).getString("blockHash"));
        assertEquals(verbose, client.result("getrawtransaction", args(tx.txid().toString(), 2, StubNode.BLOCK)));
    }

    @Test
    void getRawTransactionVerboseFromTheMempoolHasNoBlockKeys() {
        Transaction tx = payment();
        node.answer(BusAddresses.CHAIN_GET_TRANSACTION, request -> new JsonObject().put("hex", hex(tx))
                .put("inMempool", true).put("confirmations", 0));

        JsonObject verbose = (JsonObject) client.result("getrawtransaction", args(tx.txid().toString(), 1));

        assertCoreTransactionShape(tx, verbose);
        assertFalse(verbose.containsKey("blockhash"));
        assertFalse(verbose.containsKey("confirmations"));
        assertFalse(verbose.containsKey("in_active_chain"));
    }

    @Test
    void getRawTransactionNotFoundIsCoresMinus5WithCoresSentences() {
        node.fail(BusAddresses.CHAIN_GET_TRANSACTION, BusError.NOT_FOUND, "transaction is not in the mempool");
        JsonObject error = client.error("getrawtransaction", args(StubNode.TXID));
        assertEquals(-5, error.getInteger("code"));
        assertTrue(error.getString("message").startsWith("No such mempool transaction."), error.encode());

        node.fail(BusAddresses.CHAIN_GET_TRANSACTION, BusError.NOT_FOUND, "no block " + StubNode.BLOCK);
        assertEquals("Block hash not found", client.error("getrawtransaction", args(StubNode.TXID, false, StubNode.BLOCK))
                .getString("message"));

        node.fail(BusAddresses.CHAIN_GET_TRANSACTION, BusError.NOT_FOUND, "block holds no transaction");
        assertTrue(client.error("getrawtransaction", args(StubNode.TXID, false, StubNode.BLOCK)).getString("message")
                .startsWith("No such transaction found in the provided block."));
        assertEquals(-8, client.error("getrawtransaction", args(StubNode.TXID, 3)).getInteger("code"));
    }

    @Test
    void decodeRawTransactionGivesCoresObjectWithoutAskingAService() {
        Transaction tx = payment();

        JsonObject decoded = (JsonObject) client.result("decoderawtransaction", args(hex(tx)));

        assertCoreTransactionShape(tx, decoded);
        assertFalse(decoded.containsKey("hex"));
        assertTrue(node.requests(BusAddresses.CHAIN_GET_TRANSACTION).isEmpty());
    }

    @Test
    void decodeRawTransactionOfBadHexIsCoresTxDecodeFailed() {
        for (String bad : new String[] {"zz", "00", hex(payment()) + "00", ""}) {
            JsonObject error = client.error("decoderawtransaction", args(bad));
            assertEquals(-22, error.getInteger("code"), bad);
            assertTrue(error.getString("message").startsWith("TX decode failed"), error.encode());
        }
    }

    @Test
    void sendRawTransactionOffersTheHexToTheChainAndAnswersTheTxid() {
        Transaction tx = payment();
        node.answer(BusAddresses.CHAIN_SUBMIT_RAW_TX, request -> new JsonObject()
                .put("txid", tx.txid().toString()).put("fee", 1));

        assertEquals(tx.txid().toString(), client.result("sendrawtransaction", args(hex(tx))));
        assertEquals(new JsonObject().put("hex", hex(tx)), node.lastRequest(BusAddresses.CHAIN_SUBMIT_RAW_TX));
    }

    @Test
    void sendRawTransactionRefusalsAreCoresCodes() {
        Transaction tx = payment();
        assertEquals(-22, client.error("sendrawtransaction", args("abc")).getInteger("code"));
        assertTrue(node.requests(BusAddresses.CHAIN_SUBMIT_RAW_TX).isEmpty());

        node.fail(BusAddresses.CHAIN_SUBMIT_RAW_TX, BusError.REJECTED, "MISSING_INPUT: the coins spent are not there");
        assertEquals(-25, client.error("sendrawtransaction", args(hex(tx))).getInteger("code"));

        node.fail(BusAddresses.CHAIN_SUBMIT_RAW_TX, BusError.REJECTED, "FEE_TOO_LOW: pays less than the relay minimum");
        JsonObject rejected = client.error("sendrawtransaction", args(hex(tx)));
        assertEquals(-26, rejected.getInteger("code"));
        assertTrue(rejected.getString("message").contains("FEE_TOO_LOW"), rejected.encode());
    }

    @Test
    void getNewAddressAcceptsCoresLabelAndLegacyAddressType() {
        assertEquals(StubNode.NEW_ADDRESS, client.result("getnewaddress", args("savings")));
        assertEquals(StubNode.NEW_ADDRESS, client.result("getnewaddress", args("", "legacy")));
        assertEquals(StubNode.NEW_ADDRESS, client.result("getnewaddress",
                new JsonObject().put("label", "x").put("address_type", "legacy")));
        // The label is not passed on: the wallet has none.
        assertEquals(new JsonObject(), node.lastRequest(BusAddresses.WALLET_CREATE));
        assertEquals(3, node.requests(BusAddresses.WALLET_CREATE).size());
    }

    @Test
    void getNewAddressRefusesAddressTypesMinicoinHasNot() {
        JsonObject error = client.error("getnewaddress", args("", "bech32"));

        assertEquals(-8, error.getInteger("code"));
        assertTrue(error.getString("message").contains("address_type"), error.encode());
        assertTrue(node.requests(BusAddresses.WALLET_CREATE).isEmpty());
    }

    @Test
    void getRawMempoolVerboseHasCoresObjectPerTransaction() {
        String parent = "aa".repeat(32);
        String child = "bb".repeat(32);
        node.answer(BusAddresses.CHAIN_MEMPOOL, request -> new JsonObject()
                .put("txids", args(parent, child))
                .put("entries", new JsonObject()
                        .put(parent, new JsonObject().put("fullHash", "a1".repeat(32)).put("size", 200).put("fee", 3)
                                .put("time", 1_764_000_000L).put("ancestorCount", 1).put("ancestorSize", 200)
                                .put("ancestorFees", 3).put("descendantCount", 2).put("descendantSize", 391)
                                .put("descendantFees", 5).put("depends", args()).put("spentBy", args(child)))
                        .put(child, new JsonObject().put("fullHash", "b1".repeat(32)).put("size", 191).put("fee", 2)
                                .put("time", 1_764_000_060L).put("ancestorCount", 2).put("ancestorSize", 391)
                                .put("ancestorFees", 5).put("descendantCount", 1).put("descendantSize", 191)
                                .put("descendantFees", 2).put("depends", args(parent)).put("spentBy", args()))));

        JsonObject pool = (JsonObject) client.result("getrawmempool", args(true));

        assertEquals(new JsonObject().put("verbose", true), node.lastRequest(BusAddresses.CHAIN_MEMPOOL));
        assertEquals(new JsonObject()
                .put("vsize", 191).put("weight", 764).put("time", 1_764_000_060L)
                .put("descendantcount", 1).put("descendantsize", 191).put("ancestorcount", 2).put("ancestorsize", 391)
                .put("wtxid", "b1".repeat(32))
                .put("fees", new JsonObject().put("base", 2).put("modified", 2).put("ancestor", 5).put("descendant", 2))
                .put("depends", args(parent)).put("spentby", args()).put("bip125-replaceable", false)
                .put("unbroadcast", false), pool.getJsonObject(child));
        assertEquals(args(child), pool.getJsonObject(parent).getJsonArray("spentby"));
        assertEquals(2, pool.size());
        // Not verbose: the txids, as before.
        assertEquals(args(parent, child), client.result("getrawmempool", args(false)));
        assertEquals(new JsonObject(), node.lastRequest(BusAddresses.CHAIN_MEMPOOL));
    }

    /** ADDRESS holds a 5-confirmation coin, one spent in the mempool and an unconfirmed one; OTHER_ADDRESS a fresh coin. */
    private void walletCoins() {
        node.answer(BusAddresses.WALLET_LIST, request -> new JsonObject().put("addresses", args(StubNode.ADDRESS, SECOND)));
        node.answer(BusAddresses.CHAIN_COINS, request -> StubNode.ADDRESS.equals(request.getString("address"))
                ? new JsonObject().put("tipHeight", 10)
                        .put("confirmed", args(coin("a1", 0, 40, 6), coin("a2", 1, 2, 9)))
                        .put("unconfirmed", args(coin("a3", 0, 3, 11)))
                        .put("spentInMempool", args(new JsonObject().put("txid", "a2".repeat(32)).put("index", 1)))
                : new JsonObject().put("tipHeight", 10).put("confirmed", args(coin("b1", 2, 7, 10)))
                        .put("unconfirmed", args()).put("spentInMempool", args()));
    }

    private static String scriptHash(String address) {
        try {
            return HexFormat.of().formatHex(Address.parse(address).hash160());
        } catch (AddressFormatException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonObject coin(String txidByte, int index, long value, long height) {
        return new JsonObject().put("txid", txidByte.repeat(32)).put("index", index).put("value", value)
                .put("height", height).put("coinbase", false);
    }

    @Test
    void listUnspentListsTheWalletsConfirmedUnspentCoinsInCoresShape() {
        walletCoins();

        JsonArray unspent = (JsonArray) client.result("listunspent", null);

        assertEquals(args(
                new JsonObject().put("txid", "a1".repeat(32)).put("vout", 0).put("address", StubNode.ADDRESS)
                        .put("scriptPubKey", "76a914" + scriptHash(StubNode.ADDRESS) + "88ac")
                        .put("amount", 40).put("confirmations", 5).put("spendable", true).put("solvable", true)
                        .put("safe", true),
                new JsonObject().put("txid", "b1".repeat(32)).put("vout", 2).put("address", SECOND)
                        .put("scriptPubKey", "76a914" + scriptHash(SECOND) + "88ac")
                        .put("amount", 7).put("confirmations", 1).put("spendable", true).put("solvable", true)
                        .put("safe", true)), unspent);
        assertEquals(2, node.requests(BusAddresses.CHAIN_COINS).size());
    }

    @Test
    void listUnspentFiltersByConfirmationsAndAddresses() {
        walletCoins();

        JsonArray withUnconfirmed = (JsonArray) client.result("listunspent", args(0));
        assertEquals(3, withUnconfirmed.size());
        JsonObject unconfirmed = withUnconfirmed.getJsonObject(1);
        assertEquals("a3".repeat(32), unconfirmed.getString("txid"));
        assertEquals(0, unconfirmed.getInteger("confirmations"));
        assertFalse(unconfirmed.getBoolean("safe"));

        JsonArray deep = (JsonArray) client.result("listunspent", args(2, 9_999_999));
        assertEquals(1, deep.size());
        assertEquals("a1".repeat(32), deep.getJsonObject(0).getString("txid"));

        JsonArray other = (JsonArray) client.result("listunspent", args(1, 9_999_999, args(SECOND)));
        assertEquals(1, other.size());
        assertEquals(SECOND, other.getJsonObject(0).getString("address"));
        assertEquals(new JsonObject().put("address", SECOND), node.lastRequest(BusAddresses.CHAIN_COINS));

        JsonObject duplicated = client.error("listunspent", args(1, 9_999_999, args(StubNode.ADDRESS, StubNode.ADDRESS)));
        assertEquals(-8, duplicated.getInteger("code"));
        assertTrue(duplicated.getString("message").contains("duplicated address"), duplicated.encode());
        assertEquals(-8, client.error("listunspent", args(-1)).getInteger("code"));
    }

    private void balances(long first, long firstPending, long second) {
        node.answer(BusAddresses.CHAIN_BALANCE, request -> {
            boolean isFirst = StubNode.ADDRESS.equals(request.getString("address"));
            long spendable = isFirst ? first : second;
            long pending = isFirst ? firstPending : 0;
            return new JsonObject().put("address", request.getString("address")).put("confirmed", spendable)
                    .put("withUnconfirmed", spendable + pending).put("pending", pending);
        });
    }

    @Test
    void sendToAddressPaysFromTheAddressWithTheMostSpendableCoins() {
        // The first has more in all, but most of it unconfirmed: the second can spend more now.
        balances(30, 500, 40);

        assertEquals(StubNode.TXID, client.result("sendtoaddress", args(StubNode.NEW_ADDRESS, 25)));

        assertEquals(new JsonObject().put("from", StubNode.OTHER_ADDRESS).put("to", StubNode.NEW_ADDRESS).put("amount", 25L),
                node.lastRequest(BusAddresses.WALLET_SEND));
        // Core's clients send amounts as decimals; a whole one is taken, with Core's comments.
        client.result("sendtoaddress", args(StubNode.NEW_ADDRESS, 3.0, "rent", "landlord"));
        assertEquals(3L, node.lastRequest(BusAddresses.WALLET_SEND).getLong("amount"));
    }

    @Test
    void sendToAddressTakesTheFirstAddressOnATie() {
        balances(40, 0, 40);

        client.result("sendtoaddress", args(StubNode.NEW_ADDRESS, 1));

        assertEquals(StubNode.ADDRESS, node.lastRequest(BusAddresses.WALLET_SEND).getString("from"));
    }

    @Test
    void sendToAddressRefusalsAreCoresCodes() {
        balances(0, 5, 0);
        JsonObject empty = client.error("sendtoaddress", args(StubNode.NEW_ADDRESS, 1));
        assertEquals(-6, empty.getInteger("code"));
        assertTrue(node.requests(BusAddresses.WALLET_SEND).isEmpty());

        balances(10, 0, 0);
        assertEquals(-3, client.error("sendtoaddress", args(StubNode.NEW_ADDRESS, 0)).getInteger("code"));
        assertEquals(-3, client.error("sendtoaddress", args(StubNode.NEW_ADDRESS, -2)).getInteger("code"));
        assertEquals(-3, client.error("sendtoaddress", args(StubNode.NEW_ADDRESS, 0.5)).getInteger("code"));
        assertEquals(-8, client.error("sendtoaddress", args("nope", 1)).getInteger("code"));
        assertTrue(node.requests(BusAddresses.WALLET_SEND).isEmpty());

        node.fail(BusAddresses.WALLET_SEND, BusError.INSUFFICIENT_FUNDS, "the coins do not cover amount and fee");
        assertEquals(-6, client.error("sendtoaddress", args(StubNode.NEW_ADDRESS, 10)).getInteger("code"));
        node.fail(BusAddresses.WALLET_SEND, BusError.WALLET_LOCKED, "locked");
        assertEquals(-13, client.error("sendtoaddress", args(StubNode.NEW_ADDRESS, 1)).getInteger("code"));
    }

    // gettransaction: Core's wallet keys beside ours

    /** Core's gettransaction result keys (src/wallet/rpc/transactions.cpp) that the wallet can give. */
    private static final Set<String> CORE_WALLET_TX_KEYS = Set.of("amount", "confirmations", "txid", "walletconflicts",
            "time", "timereceived", "bip125-replaceable", "details", "hex");
    /** Core's keys of one {@code details} entry. */
    private static final Set<String> CORE_DETAIL_KEYS = Set.of("address", "category", "amount", "vout");

    private static void assertAmount(String expected, Object actual) {
        assertEquals(0, new BigDecimal(expected).compareTo(new BigDecimal(actual.toString())), expected + " vs " + actual);
    }

    /** The wallet's record of {@code tx} as wallet.getTransaction answers, with its history entries. */
    private static JsonObject walletRecord(Transaction tx, String status, boolean mine, JsonArray entries) {
        return new JsonObject().put("txid", tx.txid().toString()).put("status", status).put("mine", mine)
                .put("created", 1_800_000_000L).put("transaction", new JsonObject().put("txid", tx.txid().toString()))
                .put("hex", hex(tx)).put("entries", entries).put("lastBlockHeight", 10);
    }

    private static JsonObject entry(Transaction tx, String category, String address, long amount, int vout) {
        return new JsonObject().put("txid", tx.txid().toString()).put("category", category).put("address", address)
                .put("amount", amount).put("vout", vout).put("status", "pending").put("created", 1_800_000_000L);
    }

    @Test
    void getTransactionOfTheWalletsConfirmedPaymentHasCoresWalletKeysBesideOurs() {
        Transaction tx = payment();
        String txid = tx.txid().toString();
        node.answer(BusAddresses.CHAIN_GET_TRANSACTION, request -> new JsonObject()
                .put("transaction", new JsonObject().put("txid", txid)).put("hex", hex(tx)).put("inMempool", false)
                .put("blockHash", StubNode.BLOCK).put("height", 9).put("blockTime", 1_800_000_600L).put("confirmations", 2));
        node.answer(BusAddresses.WALLET_GET_TRANSACTION, request -> walletRecord(tx, "confirmed", true, new JsonArray()
                        .add(entry(tx, "send", StubNode.ADDRESS, -7, 0).put("fee", 1)))
                .put("fee", 1).put("blockHash", StubNode.BLOCK).put("height", 9));

        JsonObject found = (JsonObject) client.result("gettransaction", args(txid, null, null, StubNode.BLOCK));

        // Ours, unchanged.
        assertEquals(txid, found.getJsonObject("transaction").getString("txid"));
        assertFalse(found.getBoolean("inMempool"));
        assertEquals(StubNode.BLOCK, found.getString("blockHash"));
        assertEquals(9, found.getInteger("height"));
        // Core's.
        assertTrue(found.fieldNames().containsAll(CORE_WALLET_TX_KEYS), found.encode());
        assertEquals(txid, found.getString("txid"));
        assertAmount("-7", found.getValue("amount"));
        assertAmount("-1", found.getValue("fee"));
        assertEquals(2, found.getInteger("confirmations"));
        assertEquals(StubNode.BLOCK, found.getString("blockhash"));
        assertEquals(9, found.getInteger("blockheight"));
        assertEquals(1_800_000_600L, found.getLong("blocktime"));
        assertEquals(1_800_000_000L, found.getLong("time"));
        assertEquals(1_800_000_000L, found.getLong("timereceived"));
        assertEquals(hex(tx), found.getString("hex"));
        assertFalse(found.containsKey("trusted"), "a confirmed transaction has blockhash instead, as Core");
        assertFalse(found.containsKey("decoded"), "only verbose decodes");
        JsonArray details = found.getJsonArray("details");
        assertEquals(1, details.size());
        JsonObject sent = details.getJsonObject(0);
        assertTrue(sent.fieldNames().containsAll(CORE_DETAIL_KEYS), sent.encode());
        assertEquals("send", sent.getString("category"));
        assertEquals(StubNode.ADDRESS, sent.getString("address"));
        assertAmount("-7", sent.getValue("amount"));
        assertAmount("-1", sent.getValue("fee"));
        assertEquals(0, sent.getInteger("vout"));
        assertFalse(sent.getBoolean("abandoned"));
    }

    @Test
    void getTransactionOfAPaymentToTheWalletIsAReceiveWithoutAFee() {
        Transaction tx = payment();
        node.answer(BusAddresses.WALLET_GET_TRANSACTION, request -> walletRecord(tx, "pending", false, new JsonArray()
                .add(entry(tx, "receive", StubNode.ADDRESS, 7, 0))));

        JsonObject found = (JsonObject) client.result("gettransaction", args(tx.txid().toString()));

        assertTrue(found.getBoolean("inMempool"), "ours, from the chain's mempool");
        assertAmount("7", found.getValue("amount"));
        assertFalse(found.containsKey("fee"), "Core gives a fee only for a payment the wallet made");
        assertEquals(0, found.getInteger("confirmations"));
        assertFalse(found.getBoolean("trusted"), "another's unconfirmed payment is not trusted, as Core");
        assertFalse(found.containsKey("blockhash"));
        JsonObject received = found.getJsonArray("details").getJsonObject(0);
        assertEquals("receive", received.getString("category"));
        assertFalse(received.containsKey("fee"));
        assertFalse(received.containsKey("abandoned"));
        assertEquals(hex(tx), found.getString("hex"), "from the wallet's record when the chain's answer has none");
    }

    @Test
    void getTransactionOfAPaymentToItselfHasNoNetAmountButItsFee() {
        Transaction tx = payment();
        node.answer(BusAddresses.WALLET_GET_TRANSACTION, request -> walletRecord(tx, "pending", true, new JsonArray()
                        .add(entry(tx, "send", StubNode.ADDRESS, -7, 0).put("fee", 2))
                        .add(entry(tx, "receive", StubNode.ADDRESS, 7, 0)))
                .put("fee", 2));

        JsonObject found = (JsonObject) client.result("gettransaction", args(tx.txid().toString()));

        // Core: amount is the net effect without the fee, which is apart.
        assertAmount("0", found.getValue("amount"));
        assertAmount("-2", found.getValue("fee"));
        assertTrue(found.getBoolean("trusted"), "the wallet's own pending payment is trusted, as Core");
        assertEquals(List.of("send", "receive"), found.getJsonArray("details").stream()
                .map(detail -> ((JsonObject) detail).getString("category")).toList());
    }

    @Test
    void getTransactionVerboseAddsCoresDecodedTransaction() {
        Transaction tx = payment();
        node.answer(BusAddresses.WALLET_GET_TRANSACTION, request -> walletRecord(tx, "pending", false, new JsonArray()
                .add(entry(tx, "receive", StubNode.ADDRESS, 7, 0))));

        JsonObject found = (JsonObject) client.result("gettransaction", args(tx.txid().toString(), false, true));

        assertCoreTransactionShape(tx, found.getJsonObject("decoded"));
        assertEquals(new JsonObject().put("txid", tx.txid().toString()), node.lastRequest(BusAddresses.CHAIN_GET_TRANSACTION),
                "include_watchonly false is Core's flag, not a block hash");
    }

    @Test
    void getTransactionOfATransactionNotTheWalletsHasOnlyOurKeys() {
        node.fail(BusAddresses.WALLET_GET_TRANSACTION, BusError.NOT_FOUND, "the wallet has no transaction");

        JsonObject found = (JsonObject) client.result("gettransaction", args(StubNode.TXID));

        assertTrue(found.getBoolean("inMempool"));
        for (String core : new String[] {"amount", "details", "txid", "time"}) {
            assertFalse(found.containsKey(core), core + " is Core's wallet key: " + found.encode());
        }
        await(node.remove(BusAddresses.WALLET_GET_TRANSACTION));
        assertFalse(((JsonObject) client.result("gettransaction", args(StubNode.TXID))).containsKey("details"),
                "a node without a wallet answers ours alone");
    }

    @Test
    void getTransactionTakesMinicoinsBlockHashSecondAndCoresFlagsOtherwise() {
        client.result("gettransaction", args(StubNode.TXID, StubNode.BLOCK));
        assertEquals(new JsonObject().put("txid", StubNode.TXID).put("blockHash", StubNode.BLOCK),
                node.lastRequest(BusAddresses.CHAIN_GET_TRANSACTION));
        client.result("gettransaction", args(StubNode.TXID, true, false));
        assertEquals(new JsonObject().put("txid", StubNode.TXID), node.lastRequest(BusAddresses.CHAIN_GET_TRANSACTION));
        assertEquals(-8, client.error("gettransaction", args(StubNode.TXID, StubNode.BLOCK, false, StubNode.BEST))
                .getInteger("code"));
        assertEquals(-8, client.error("gettransaction", args(StubNode.TXID, true, "yes")).getInteger("code"));
    }

    // getmininginfo: Core's keys beside ours

    @Test
    void miningInfoHasCoresKeysBesideOurs() {
        node.answer(BusAddresses.CHAIN_INFO, request -> StubNode.chainInfo(5, StubNode.BEST, StubNode.GENESIS)
                .put("networkHashPs", 123456.75).put("mempoolSize", 3));

        JsonObject info = (JsonObject) client.result("getmininginfo", args());

        // Core's documented keys (src/rpc/mining.cpp), but currentblockweight and currentblocktx: only
        // after a block template was assembled, which this node's miner does not report.
        assertTrue(info.fieldNames().containsAll(Set.of("blocks", "difficulty", "networkhashps", "pooledtx", "chain", "warnings")),
                info.encode());
        assertEquals(5, info.getInteger("blocks"));
        assertEquals(123456.75, info.getDouble("networkhashps"));
        assertEquals(3, info.getInteger("pooledtx"));
        assertEquals("regtest", info.getString("chain"));
        assertEquals("", info.getString("warnings"));
        assertEquals("pool-full", info.getString("mode"), "ours stay");
    }

    @Test
    void miningInfoOfAChainMemberThatDoesNotEstimateTheHashRateSaysZero() {
        JsonObject info = (JsonObject) client.result("getmininginfo", args());

        assertEquals(0.0, info.getDouble("networkhashps"));
    }
}
