package minicoin.rpc;

import static minicoin.rpc.RpcTestClient.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.nio.file.Path;
import minicoin.bus.BusAddresses;
import minicoin.bus.BusError;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wallet methods with Core's names and shapes (getbalances, sendmany, getaddressinfo,
 * listaddressgroupings, dumpprivkey, importprivkey, listtransactions) over HTTP against stub
 * services: parameters, result shapes and Core's error codes.
 */
@ExtendWith(VertxExtension.class)
class CoreWalletMethodsTest {

    /** The secp256k1 key 1 in compressed WIF and its address: a vector every Bitcoin library checks. */
    private static final String KEY_ONE_WIF = "KwDiBf89QgGbjEhKnhXJuH7LrciVrZi3qYjgd9M7rFU73sVHnoWn";
    private static final String KEY_ONE_ADDRESS = "1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH";
    private static final String KEY_ONE_PUBKEY = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
    /** An address whose last character is changed: its checksum fails. */
    private static final String BAD_CHECKSUM = "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3";

    private StubNode node;
    private RpcTestClient client;

    @BeforeEach
    void start(Vertx vertx, @TempDir Path dataDir) {
        RpcFixture rpc = RpcFixture.start(vertx, dataDir);
        node = rpc.node;
        client = rpc.client;
    }

    private static void assertError(int code, String message, JsonObject error) {
        assertEquals(code, error.getInteger("code"), error::encode);
        if (message != null) {
            assertEquals(message, error.getString("message"));
        }
    }

    /** Amounts travel as JSON numbers with eight decimals; the client reads them back as doubles. */
    private static void assertAmount(String expected, Object actual) {
        assertEquals(0, new BigDecimal(expected).compareTo(new BigDecimal(actual.toString())), expected + " vs " + actual);
    }

    private static JsonObject coin(String txid, long value, long height, boolean coinbase) {
        return new JsonObject().put("txid", txid).put("index", 0).put("value", value).put("height", height)
                .put("coinbase", coinbase);
    }

    @Test
    void getBalancesIsCoresMineObjectOverTheWalletsAddresses() {
        node.answer(BusAddresses.CHAIN_COINS, request -> request.getString("address").equals(StubNode.ADDRESS)
                ? new JsonObject().put("tipHeight", 5)
                        .put("confirmed", new JsonArray().add(coin("aa", 1000, 1, true)).add(coin("bb", 40, 5, false))
                                .add(coin("cc", 7, 4, false)))
                        .put("unconfirmed", new JsonArray().add(coin("dd", 3, 6, false)))
                        .put("spentInMempool", new JsonArray().add(new JsonObject().put("txid", "cc").put("index", 0)))
                : new JsonObject().put("tipHeight", 5)
                        .put("confirmed", new JsonArray().add(coin("ee", 1000, 5, true))));

        JsonObject balances = (JsonObject) client.result("getbalances", args());

        JsonObject mine = balances.getJsonObject("mine");
        assertEquals(java.util.Set.of("trusted", "untrusted_pending", "immature"), mine.fieldNames());
        assertAmount("3.00000000", mine.getValue("untrusted_pending"));
        BigDecimal trusted = new BigDecimal(mine.getValue("trusted").toString());
        BigDecimal immature = new BigDecimal(mine.getValue("immature").toString());
        assertEquals(0, new BigDecimal("2040").compareTo(trusted.add(immature)), "the spent coin counts nowhere");
        assertEquals(2, node.requests(BusAddresses.CHAIN_COINS).size());
        assertError(-8, null, client.error("getbalances", args(1)));
    }

    @Test
    void sendManyPaysEveryAddressInOnePaymentFromTheRichestAddress() {
        node.answer(BusAddresses.CHAIN_BALANCE, request -> new JsonObject().put("address", request.getString("address"))
                .put("confirmed", 1000).put("withUnconfirmed", request.getString("address").equals(StubNode.OTHER_ADDRESS) ? 2000 : 900)
                .put("pending", 0));
        JsonObject amounts = new JsonObject().put(KEY_ONE_ADDRESS, 10).put(StubNode.ADDRESS, 20.0);

        assertEquals(StubNode.TXID, client.result("sendmany", args("", amounts, 1, "rent", args(KEY_ONE_ADDRESS))));

        JsonObject sent = node.lastRequest(BusAddresses.WALLET_SEND);
        assertEquals(StubNode.OTHER_ADDRESS, sent.getString("from"));
        assertEquals(new JsonArray().add(new JsonObject().put("address", KEY_ONE_ADDRESS).put("amount", 10))
                .add(new JsonObject().put("address", StubNode.ADDRESS).put("amount", 20)), sent.getJsonArray("outputs"));
        assertEquals(args(KEY_ONE_ADDRESS), sent.getJsonArray("subtractFeeFrom"));
    }

    @Test
    void sendManyAnswersCoresErrors() {
        JsonObject one = new JsonObject().put(KEY_ONE_ADDRESS, 10);
        assertError(-5, "Invalid Bitcoin address: " + BAD_CHECKSUM,
                client.error("sendmany", args("", new JsonObject().put(BAD_CHECKSUM, 1))));
        assertError(-8, "Dummy value must be set to \"\"", client.error("sendmany", args("acct", one)));
        assertError(-3, "Invalid amount for send", client.error("sendmany", args("", new JsonObject().put(KEY_ONE_ADDRESS, 0))));
        assertError(-3, null, client.error("sendmany", args("", new JsonObject().put(KEY_ONE_ADDRESS, 1.5))));
        assertError(-8, null, client.error("sendmany", args("", new JsonObject())));
        JsonObject tooMany = new JsonObject();
        for (int i = 0; i <= 250; i++) {
            tooMany.put("1" + "A".repeat(25) + i, 1);
        }
        assertError(-8, null, client.error("sendmany", args("", tooMany)));
        assertTrue(node.requests(BusAddresses.WALLET_SEND).isEmpty(), "nothing reached the wallet");

        node.fail(BusAddresses.WALLET_SEND, BusError.WALLET_LOCKED, "Error: Please enter the wallet passphrase with walletpassphrase first.");
        assertError(-13, "Error: Please enter the wallet passphrase with walletpassphrase first.", client.error("sendmany", args("", one)));
        node.fail(BusAddresses.WALLET_SEND, BusError.INSUFFICIENT_FUNDS, "insufficient funds");
        assertError(-6, null, client.error("sendmany", args("", one)));
        node.fail(BusAddresses.WALLET_SEND, BusError.INVALID_REQUEST, "Invalid parameter, duplicated address: " + KEY_ONE_ADDRESS);
        assertError(-8, null, client.error("sendmany", args("", one)));
        node.fail(BusAddresses.WALLET_SEND, BusError.WALLET_ERROR, "The transaction amount is too small to pay the fee");
        assertError(-4, "The transaction amount is too small to pay the fee", client.error("sendmany", args("", one)));
    }

    @Test
    void getAddressInfoOfAnOwnAddressHasCoresKeysAndThePublicKey() {
        node.answer(BusAddresses.WALLET_ADDRESS_INFO, request -> new JsonObject().put("address", request.getString("address"))
                .put("mine", true).put("locked", false).put("pubkey", KEY_ONE_PUBKEY));

        JsonObject info = (JsonObject) client.result("getaddressinfo", args(KEY_ONE_ADDRESS));

        assertEquals(new JsonObject().put("address", KEY_ONE_ADDRESS)
                .put("scriptPubKey", "76a914751e76e8199196d454941c45d1b3a323f1433bd688ac")
                .put("ismine", true).put("solvable", true).put("iswatchonly", false).put("isscript", false)
                .put("iswitness", false).put("pubkey", KEY_ONE_PUBKEY).put("iscompressed", true)
                .put("ischange", false).put("labels", args("")), info);
    }

    @Test
    void getAddressInfoOfAForeignAddressIsNotMineAndAnInvalidOneIsCoresError() {
        node.answer(BusAddresses.WALLET_ADDRESS_INFO, request -> new JsonObject().put("address", request.getString("address"))
                .put("mine", false).put("locked", false));

        JsonObject info = (JsonObject) client.result("getaddressinfo", args(KEY_ONE_ADDRESS));

        assertFalse(info.getBoolean("ismine"));
        assertFalse(info.getBoolean("solvable"));
        assertFalse(info.containsKey("pubkey"));
        assertEquals(new JsonArray(), info.getJsonArray("labels"));
        assertError(-5, "Invalid address", client.error("getaddressinfo", args(BAD_CHECKSUM)));
        assertError(-8, null, client.error("getaddressinfo", args("1".repeat(129))));
    }

    @Test
    void listAddressGroupingsIsOneGroupPerAddressWithCoins() {
        node.answer(BusAddresses.CHAIN_BALANCE, request -> request.getString("address").equals(StubNode.ADDRESS)
                ? new JsonObject().put("address", StubNode.ADDRESS).put("confirmed", 1000).put("withUnconfirmed", 900).put("pending", 0)
                : new JsonObject().put("address", StubNode.OTHER_ADDRESS).put("confirmed", 0).put("withUnconfirmed", 0).put("pending", 0));

        JsonArray groups = (JsonArray) client.result("listaddressgroupings", args());

        assertEquals(1, groups.size());
        JsonArray entry = groups.getJsonArray(0).getJsonArray(0);
        assertEquals(StubNode.ADDRESS, entry.getString(0));
        assertAmount("900.00000000", entry.getValue(1));
        assertEquals("", entry.getString(2));
    }

    @Test
    void dumpPrivKeyAnswersTheWifAndCoresErrors() {
        node.answer(BusAddresses.WALLET_DUMP_KEY, request -> new JsonObject().put("wif", KEY_ONE_WIF));
        assertEquals(KEY_ONE_WIF, client.result("dumpprivkey", args(KEY_ONE_ADDRESS)));
        assertEquals(new JsonObject().put("address", KEY_ONE_ADDRESS), node.lastRequest(BusAddresses.WALLET_DUMP_KEY));

        node.fail(BusAddresses.WALLET_DUMP_KEY, BusError.UNKNOWN_ADDRESS, "address is not in this wallet");
        assertError(-4, "Private key for address " + KEY_ONE_ADDRESS + " is not known", client.error("dumpprivkey", args(KEY_ONE_ADDRESS)));
        node.fail(BusAddresses.WALLET_DUMP_KEY, BusError.WALLET_LOCKED, "Error: Please enter the wallet passphrase with walletpassphrase first.");
        assertError(-13, "Error: Please enter the wallet passphrase with walletpassphrase first.",
                client.error("dumpprivkey", args(KEY_ONE_ADDRESS)));
        node.fail(BusAddresses.WALLET_DUMP_KEY, BusError.BAD_ADDRESS, "Invalid Bitcoin address");
        assertError(-5, "Invalid Bitcoin address", client.error("dumpprivkey", args(BAD_CHECKSUM)));
    }

    @Test
    void importPrivKeyAnswersNullAsCoreAndRescansByDefault() {
        node.answer(BusAddresses.WALLET_IMPORT_KEY, request -> new JsonObject().put("address", KEY_ONE_ADDRESS).put("added", true));

        assertNull(client.result("importprivkey", args(KEY_ONE_WIF)));
        assertEquals(new JsonObject().put("wif", KEY_ONE_WIF).put("rescan", true), node.lastRequest(BusAddresses.WALLET_IMPORT_KEY));
        assertNull(client.result("importprivkey", args(KEY_ONE_WIF, "a label", false)));
        assertFalse(node.lastRequest(BusAddresses.WALLET_IMPORT_KEY).getBoolean("rescan"));

        node.fail(BusAddresses.WALLET_IMPORT_KEY, BusError.WALLET_LOCKED, "Error: Please enter the wallet passphrase with walletpassphrase first.");
        assertError(-13, null, client.error("importprivkey", args(KEY_ONE_WIF)));
        node.fail(BusAddresses.WALLET_IMPORT_KEY, BusError.BAD_ADDRESS, "Invalid private key encoding (BAD_CHECKSUM)");
        JsonObject error = client.error("importprivkey", args("5Kb8kLf9zgWQnogidDA76MzPL6TsZZY36hWXMssSzNydYXYB9KF"));
        assertError(-5, "Invalid private key encoding", error);
        assertFalse(error.encode().contains("5Kb8kLf9"), "the key is not repeated");
        assertError(-8, null, client.error("importprivkey", args("K".repeat(65))));
    }

    @Test
    void listTransactionsShowsTheWalletsSendsAndReceivesWithCoinbasesOldestFirst() {
        node.answer(BusAddresses.CHAIN_COINS, request -> request.getString("address").equals(StubNode.ADDRESS)
                ? new JsonObject().put("tipHeight", 10).put("confirmed", new JsonArray().add(coin("aa", 1000, 2, true)))
                : new JsonObject().put("tipHeight", 10));
        String send = "11".repeat(32);
        String receive = "22".repeat(32);
        node.answer(BusAddresses.WALLET_HISTORY, request -> new JsonObject().put("lastBlockHeight", 10).put("entries", new JsonArray()
                .add(new JsonObject().put("txid", receive).put("category", "receive").put("address", StubNode.ADDRESS)
                        .put("amount", 5).put("vout", 1).put("status", "pending").put("created", 1_800_000_100L))
                .add(new JsonObject().put("txid", send).put("category", "send").put("address", KEY_ONE_ADDRESS)
                        .put("amount", -100).put("vout", 0).put("status", "confirmed").put("created", 1_800_000_000L)
                        .put("fee", 1).put("blockHash", StubNode.BLOCK).put("height", 9))));

        JsonArray history = (JsonArray) client.result("listtransactions", args("*", 10, 0));

        assertEquals(new JsonObject().put("limit", 10), node.lastRequest(BusAddresses.WALLET_HISTORY));
        assertEquals(3, history.size());
        JsonObject generated = history.getJsonObject(0);
        assertEquals("generate", generated.getString("category"));
        assertEquals(9, generated.getLong("confirmations"));
        JsonObject sent = history.getJsonObject(1);
        assertEquals("send", sent.getString("category"));
        assertAmount("-100.00000000", sent.getValue("amount"));
        assertAmount("-1.00000000", sent.getValue("fee"));
        assertEquals(2, sent.getLong("confirmations"));
        assertEquals(StubNode.BLOCK, sent.getString("blockhash"));
        assertEquals(9, sent.getLong("blockheight"));
        assertEquals(1_800_000_000L, sent.getLong("time"));
        assertFalse(sent.getBoolean("abandoned"));
        JsonObject received = history.getJsonObject(2);
        assertEquals("receive", received.getString("category"));
        assertEquals(0, received.getLong("confirmations"));
        assertFalse(received.getBoolean("trusted"), "another's unconfirmed payment is not trusted, as in Core");
        assertFalse(received.containsKey("fee"));

        assertEquals(1, ((JsonArray) client.result("listtransactions", args("*", 1, 1))).size());
        assertEquals(new JsonObject().put("limit", 2), node.lastRequest(BusAddresses.WALLET_HISTORY));
        assertError(-8, null, client.error("listtransactions", args("label", 10)));
    }
}
