package minicoin.rpc;

import static minicoin.rpc.RpcTestClient.args;
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

/**
 * The methods with Bitcoin Core's names and shapes, over HTTP against stub services, checked against
 * what Core answers for the same data: Bitcoin's own genesis block, whose header every Core node
 * reports the same way (`bitcoin-cli getblockheader 000000000019d6...`).
 */
@ExtendWith(VertxExtension.class)
class CoreMethodsTest {

    /** Bitcoin's genesis block, as Core's getblockheader shows it. */
    private static final String BITCOIN_GENESIS = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f";
    private static final String BITCOIN_BLOCK_1 = "00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048";
    private static final String GENESIS_MERKLE_ROOT = "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b";
    /** `getblockheader <genesis> false` on any Core node. */
    private static final String GENESIS_HEADER_HEX = "01000000" + "0".repeat(64)
            + "3ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c";

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
        // The chain service's JSON view of Bitcoin's genesis, as ChainService.blockJson gives it.
        node.answer(BusAddresses.CHAIN_GET_BLOCK_JSON, request -> new JsonObject()
                .put("hash", BITCOIN_GENESIS).put("height", 0).put("version", 1).put("prevHash", "0".repeat(64))
                .put("merkleRoot", GENESIS_MERKLE_ROOT).put("time", 1231006505L).put("bits", "1d00ffff")
                .put("nonce", 2083236893L).put("size", 285).put("txids", new JsonArray().add(GENESIS_MERKLE_ROOT))
                .put("chainWork", "100010001").put("medianTime", 1231006505L).put("confirmations", 900_000));
        node.answer(BusAddresses.CHAIN_GET_BLOCK_HASH, request -> new JsonObject().put("hash", BITCOIN_BLOCK_1));
    }

    @Test
    void getBlockHeaderNotVerboseIsTheHeadersHexAsCoreGivesIt() {
        assertEquals(GENESIS_HEADER_HEX, client.result("getblockheader", args(BITCOIN_GENESIS, false)));
        assertEquals(new JsonObject().put("hash", BITCOIN_GENESIS).put("verbosity", 1),
                node.lastRequest(BusAddresses.CHAIN_GET_BLOCK_JSON));
    }

    @Test
    void getBlockHeaderVerboseHasCoresKeysAndValues() {
        JsonObject expected = new JsonObject()
                .put("hash", BITCOIN_GENESIS).put("confirmations", 900_000).put("height", 0).put("version", 1)
                .put("versionHex", "00000001").put("merkleroot", GENESIS_MERKLE_ROOT).put("time", 1231006505L)
                .put("mediantime", 1231006505L).put("nonce", 2083236893L).put("bits", "1d00ffff").put("difficulty", 1.0)
                .put("chainwork", "0000000000000000000000000000000000000000000000000000000100010001").put("nTx", 1)
                .put("nextblockhash", BITCOIN_BLOCK_1);

        assertEquals(expected, client.result("getblockheader", args(BITCOIN_GENESIS)));
        assertEquals(expected, client.result("getblockheader", new JsonObject().put("blockhash", BITCOIN_GENESIS).put("verbose", true)));
        assertEquals(new JsonObject().put("height", 1), node.lastRequest(BusAddresses.CHAIN_GET_BLOCK_HASH));
    }

    @Test
    void getBlockHasCoresKeysBesideOursAtVerbosityOne() {
        JsonObject block = (JsonObject) client.result("getblock", args(BITCOIN_GENESIS.toUpperCase(Locale.ROOT)));

        assertEquals(new JsonObject().put("hash", BITCOIN_GENESIS).put("verbosity", 1),
                node.lastRequest(BusAddresses.CHAIN_GET_BLOCK_JSON));
        assertEquals(BITCOIN_GENESIS, block.getString("hash"));
        assertEquals(GENESIS_MERKLE_ROOT, block.getString("merkleroot"));
        assertEquals(GENESIS_MERKLE_ROOT, block.getString("merkleRoot"), "our key stays");
        assertEquals(new JsonArray().add(GENESIS_MERKLE_ROOT), block.getJsonArray("tx"));
        assertEquals(1, block.getInteger("nTx"));
        assertEquals(BITCOIN_BLOCK_1, block.getString("nextblockhash"));
        assertFalse(block.containsKey("previousblockhash"), "the genesis has none, as in Core");
        assertEquals("0000000000000000000000000000000000000000000000000000000100010001", block.getString("chainwork"));
        assertEquals(1.0, block.getDouble("difficulty"));
        assertEquals("00000001", block.getString("versionHex"));
        assertEquals(285, block.getInteger("size"));
        assertEquals(900_000, block.getInteger("confirmations"));
        // Verbosity 2 needs the block's bytes: CoreChainMethodsTest has it with a block of ours.
    }

    @Test
    void getBlockHeaderOfAnUnknownBlockIsCoresBlockNotFound() {
        node.fail(BusAddresses.CHAIN_GET_BLOCK_JSON, BusError.NOT_FOUND, "no block " + "ab".repeat(32));

        JsonObject error = client.error("getblockheader", args("ab".repeat(32)));

        assertEquals(-5, error.getInteger("code"));
        assertEquals("Block not found", error.getString("message"));
        assertEquals(-8, client.error("getblockheader", args("xyz")).getInteger("code"));
        assertEquals(-8, client.error("getblockheader", args(BITCOIN_GENESIS, 1)).getInteger("code"));
    }

    @Test
    void getBlockchainInfoHasCoresKeys() {
        JsonObject info = (JsonObject) client.result("getblockchaininfo", null);

        for (String key : new String[] {"chain", "blocks", "headers", "bestblockhash", "bits", "target", "difficulty",
                "time", "mediantime", "verificationprogress", "initialblockdownload", "chainwork", "pruned", "warnings"}) {
            assertTrue(info.containsKey(key), key + " in " + info.encode());
        }
        assertEquals("regtest", info.getString("chain"));
        assertEquals(5, info.getInteger("blocks"));
        assertEquals(StubNode.BEST, info.getString("bestblockhash"));
        assertEquals(64, info.getString("chainwork").length());
        assertFalse(info.getBoolean("pruned"));
    }

    @Test
    void getDifficultyIsCoresFigureForTheBits() {
        // The stub chain's bits are regtest's, 207fffff: Core's getdifficulty on regtest says 4.656542373906925e-10.
        assertEquals(4.656542373906925e-10, ((Number) client.result("getdifficulty", null)).doubleValue());
    }

    @Test
    void getConnectionCountCountsThePeersOrIsZeroWithoutAPeerService() {
        assertEquals(0, client.result("getconnectioncount", null));

        node.answer(BusAddresses.P2P_INFO, request -> new JsonObject().put("connections", 3));

        assertEquals(3, client.result("getconnectioncount", null));
    }

    @Test
    void uptimeIsWholeSecondsSinceTheServerStarted() {
        Object uptime = client.result("uptime", null);

        assertTrue(uptime instanceof Number seconds && seconds.longValue() >= 0 && seconds.longValue() < 60, "" + uptime);
    }

    @Test
    void validateAddressAnswersInCoresShape() {
        JsonObject valid = (JsonObject) client.result("validateaddress", args("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"));
        JsonObject invalid = (JsonObject) client.result("validateaddress", args("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb"));

        // Satoshi's address: Core's scriptPubKey for it.
        assertEquals(new JsonObject().put("isvalid", true).put("address", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa")
                .put("scriptPubKey", "76a91462e907b15cbf27d5425399ebf6f0fb50ebb88f1888ac")
                .put("isscript", false).put("iswitness", false), valid);
        assertEquals(new JsonObject().put("isvalid", false).put("error_locations", new JsonArray())
                .put("error", "Invalid checksum or length of Base58 address (P2PKH or P2SH)"), invalid);
        assertEquals("Invalid or unsupported Segwit (Bech32) or Base58 encoding.",
                ((JsonObject) client.result("validateaddress", args("0OIl"))).getString("error"));
    }

    @Test
    void helpListsEveryMethodWithItsDescription() {
        String help = (String) client.result("help", null);

        for (String name : new String[] {"getblockchaininfo", "getblockheader", "getblockcount", "validateaddress",
                "getconnectioncount", "getdifficulty", "uptime", "help", "send", "createwallet", "stop"}) {
            assertTrue(help.lines().anyMatch(line -> line.startsWith(name + " ") && line.contains("  -  ")), name + " in\n" + help);
        }
        assertTrue(help.contains("getblockheader blockhash ( verbose )  -  Returns a block's header"), help);
        // The alias takes getnewaddress's parameters, Core's label and address_type.
        assertTrue(help.contains("createwallet ( label address_type )  -  Alias of getnewaddress."), help);
    }

    @Test
    void helpOfOneCommandDescribesItAndOfAnUnknownOneSaysSoAsCore() {
        String getblock = (String) client.result("help", args("getblockheader"));

        assertTrue(getblock.startsWith("getblockheader blockhash ( verbose )\n\nReturns a block's header"), getblock);
        assertTrue(getblock.contains("1. blockhash (required): "), getblock);
        assertTrue(getblock.contains("2. verbose (optional): true for an object, false for the header's hex"), getblock);
        assertEquals("help: unknown command: nope", client.result("help", args("nope")));
    }
}
