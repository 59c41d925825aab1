package minicoin.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole node (chain, wallet and RPC workers) on loopback, driven over HTTP as a user would. */
class NodeRpcTest {

    private static final String TOKEN = "test-token-0123456789abcdef";

    @TempDir
    Path dataDir;

    private Vertx vertx;
    private int port;
    private final HttpClient http = HttpClient.newHttpClient();
    private int nextId;

    @BeforeEach
    void startNode() throws Exception {
        vertx = Vertx.vertx();
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        deploy();
    }

    private void deploy() throws Exception {
        JsonObject config = new JsonObject()
                .put("network", "regtest")
                .put("dataDir", dataDir.toString())
                .put("roles", new JsonArray().add("chain").add("wallet").add("rpc"))
                .put("rpc", new JsonObject().put("host", "127.0.0.1").put("port", port).put("token", TOKEN));
        vertx.deployVerticle(new NodeVerticle(), new DeploymentOptions().setConfig(config))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void stopNode() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private JsonObject call(String method, Object... params) throws IOException, InterruptedException {
        JsonObject request = new JsonObject().put("jsonrpc", "2.0").put("id", ++nextId).put("method", method)
                .put("params", new JsonArray(java.util.Arrays.asList(params)));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .header("Authorization", "Bearer " + TOKEN)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(request.encode())).build(), HttpResponse.BodyHandlers.ofString());
        return new JsonObject(response.body());
    }

    private Object result(String method, Object... params) throws IOException, InterruptedException {
        JsonObject reply = call(method, params);
        assertTrue(reply.containsKey("result"), () -> method + " failed: " + reply.encode());
        return reply.getValue("result");
    }

    private int errorCode(String method, Object... params) throws IOException, InterruptedException {
        JsonObject reply = call(method, params);
        assertTrue(reply.containsKey("error"), () -> method + " should fail: " + reply.encode());
        return reply.getJsonObject("error").getInteger("code");
    }

    @Test
    void theSeedWalkthroughUpToTheMempool() throws Exception {
        assertEquals(-1, ((Number) result("getblockcount")).intValue());
        JsonObject genesis = (JsonObject) result("creategenesis");
        String genesisAddress = genesis.getString("address");
        assertEquals(1000L, ((JsonObject) result("getbalance", genesisAddress)).getLong("confirmed"));
        String first = (String) result("getnewaddress");
        String second = (String) result("createwallet");
        assertEquals(new JsonArray().add(genesisAddress).add(first).add(second), result("listaddresses"));

        String txid = ((JsonObject) result("send", genesisAddress, first, 100)).getString("txid");
        result("send", genesisAddress, second, 100);
        assertEquals(2, ((JsonArray) result("getrawmempool")).size());
        JsonObject info = (JsonObject) result("getmempoolinfo");
        assertEquals(2, info.getInteger("size"));
        assertTrue(info.getLong("usage") > 2 * info.getLong("bytes"), info::encode);
        assertEquals(1L, info.getLong("mempoolminfee"));
        assertEquals(1L, info.getLong("minrelaytxfee"));
        JsonObject balance = (JsonObject) result("getbalance", genesisAddress);
        assertEquals(1000L, balance.getLong("confirmed"));
        // Each send paid the wallet's default fee, the relay minimum of 1 coin for its 200-odd bytes.
        assertEquals(798L, balance.getLong("withUnconfirmed"));
        assertEquals(true, ((JsonObject) result("gettransaction", txid)).getBoolean("inMempool"));

        JsonObject header = (JsonObject) result("getblockview", 0, 0);
        assertEquals(genesis.getString("hash"), header.getString("hash"));
        assertEquals(0L, header.getLong("height"));
        assertEquals(genesis.getString("hash"), result("getbestblockhash"));
        assertEquals(genesis.getString("hash"), result("getblockhash", 0));
    }

    @Test
    void coresChainMethodsDescribeARealChain() throws Exception {
        String hash = ((JsonObject) result("creategenesis")).getString("hash");

        String hex = (String) result("getblockheader", hash, false);
        JsonObject header = (JsonObject) result("getblockheader", hash);
        JsonObject info = (JsonObject) result("getblockchaininfo");

        assertEquals(160, hex.length());
        assertEquals(hash, minicoin.core.Hash.doubleSha256(java.util.HexFormat.of().parseHex(hex)).toString());
        assertEquals(0, header.getInteger("height"));
        assertEquals(1, header.getInteger("confirmations"));
        assertEquals(1, header.getInteger("nTx"));
        assertEquals(header.getLong("time"), header.getLong("mediantime"));
        assertFalse(header.containsKey("previousblockhash"), header::encode);
        assertFalse(header.containsKey("nextblockhash"), header::encode);
        assertEquals(64, header.getString("chainwork").length());
        assertEquals(0, info.getInteger("blocks"));
        assertEquals(hash, info.getString("bestblockhash"));
        assertEquals(header.getLong("mediantime"), info.getLong("mediantime"));
        assertEquals(header.getString("chainwork"), info.getString("chainwork"));
        assertFalse(info.getBoolean("initialblockdownload"));
        assertEquals(0, info.getInteger("headers"), "the best header's height, through chain.info's bestHeaderHeight");
        assertEquals(1.0, info.getDouble("verificationprogress"));
    }

    @Test
    void coresTransactionMethodsWorkOnARealNode() throws Exception {
        JsonObject genesis = (JsonObject) result("creategenesis");
        String to = (String) result("getnewaddress", "savings", "legacy");
        JsonArray coins = (JsonArray) result("listunspent");
        assertEquals(1, coins.size(), coins::encode);
        JsonObject reward = coins.getJsonObject(0);
        assertEquals(genesis.getString("address"), reward.getString("address"));
        assertEquals(1000L, reward.getLong("amount"));
        assertEquals(1, reward.getInteger("confirmations"));

        String txid = (String) result("sendtoaddress", to, 100);

        JsonObject pool = (JsonObject) result("getrawmempool", true);
        assertEquals(1L, pool.getJsonObject(txid).getJsonObject("fees").getLong("base"), pool::encode);
        String hex = (String) result("getrawtransaction", txid);
        assertEquals(txid, ((JsonObject) result("decoderawtransaction", hex)).getString("txid"));
        JsonObject verbose = (JsonObject) result("getrawtransaction", txid, true);
        assertEquals(hex, verbose.getString("hex"));
        assertEquals(pool.getJsonObject(txid).getLong("vsize"), verbose.getLong("vsize"));
        // Offered again, it is refused by the pool, which holds it already.
        assertEquals(-26, errorCode("sendrawtransaction", hex));
        assertEquals(-22, errorCode("sendrawtransaction", hex.substring(2)));
        JsonArray withUnconfirmed = (JsonArray) result("listunspent", 0);
        assertTrue(withUnconfirmed.stream().map(JsonObject.class::cast)
                .anyMatch(coin -> to.equals(coin.getString("address")) && coin.getLong("amount") == 100L
                        && coin.getInteger("confirmations") == 0), withUnconfirmed::encode);

        JsonObject coinbase = (JsonObject) result("getrawtransaction", reward.getString("txid"), true, genesis.getString("hash"));
        assertTrue(coinbase.getBoolean("in_active_chain"));
        assertEquals(1, coinbase.getInteger("confirmations"));
        assertTrue(coinbase.getJsonArray("vin").getJsonObject(0).containsKey("coinbase"), coinbase::encode);
        assertEquals(((JsonObject) result("getblockheader", genesis.getString("hash"))).getLong("time"),
                coinbase.getLong("blocktime"));
    }

    @Test
    void domainErrorsComeBackWithTheirCodes() throws Exception {
        String genesisAddress = ((JsonObject) result("creategenesis")).getString("address");
        String other = (String) result("getnewaddress");
        assertEquals(-6, errorCode("send", genesisAddress, other, 5000));
        String foreign = minicoin.crypto.PrivateKey.generate(new java.security.SecureRandom()).publicKey().address().toString();
        assertEquals(-32011, errorCode("send", foreign, other, 1));
        assertEquals(-26, errorCode("creategenesis"));
        assertEquals(-5, errorCode("getblock", 5));
        assertEquals(-8, errorCode("getblockhash", 5));
        assertEquals(-8, errorCode("send", genesisAddress, other, 0));
    }

    @Test
    void aSendBelowTheRelayFeeIsRefusedWithTheRuleAndTheFeeToPay() throws Exception {
        String genesisAddress = ((JsonObject) result("creategenesis")).getString("address");
        String other = (String) result("getnewaddress");

        JsonObject error = call("send", genesisAddress, other, 100, 0).getJsonObject("error");

        assertEquals(-26, error.getInteger("code"), error::encode);
        String message = error.getString("message") + " " + error.getValue("data");
        assertTrue(message.contains("INSUFFICIENT_FEE") && message.contains("pay at least 1"), message);
        assertEquals(0, ((JsonArray) result("getrawmempool")).size());
    }

    @Test
    void chainAndWalletSurviveARestart() throws Exception {
        String genesisAddress = ((JsonObject) result("creategenesis")).getString("address");
        String first = (String) result("getnewaddress");
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        vertx = Vertx.vertx();
        deploy();
        assertEquals(new JsonArray().add(genesisAddress).add(first), result("listaddresses"));
        assertEquals(1000L, ((JsonObject) result("getbalance", genesisAddress)).getLong("confirmed"));
        assertEquals(0, ((Number) result("getblockcount")).intValue());
    }

    @Test
    void concurrentSendsFromOneAddressAllSucceed() throws Exception {
        String genesisAddress = ((JsonObject) result("creategenesis")).getString("address");
        String to = (String) result("getnewaddress");
        java.util.List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> replies = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            JsonObject request = new JsonObject().put("jsonrpc", "2.0").put("id", i).put("method", "send")
                    .put("params", new JsonArray().add(genesisAddress).add(to).add(10));
            replies.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString(request.encode())).build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (java.util.concurrent.CompletableFuture<HttpResponse<String>> reply : replies) {
            JsonObject body = new JsonObject(reply.get(30, TimeUnit.SECONDS).body());
            assertTrue(body.containsKey("result"), body::encode);
        }
        assertEquals(10, ((JsonArray) result("getrawmempool")).size());
        assertEquals(100L, ((JsonObject) result("getbalance", to)).getLong("withUnconfirmed"));
    }
}
