package minicoin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import minicoin.node.NodeVerticle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's walkthrough on one real node (chain, wallet, pool-full miner, RPC on loopback), typed
 * as a user types it: the same verbs and the same output lines, the token read from the cookie.
 */
class SeedWalkthroughCliTest {

    @TempDir
    Path dataDir;

    private Vertx vertx;
    private String rpcUrl;

    @BeforeEach
    void startNode() throws Exception {
        vertx = Vertx.vertx();
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        rpcUrl = "http://127.0.0.1:" + port + "/";
        JsonObject config = new JsonObject()
                .put("network", "devnet")
                .put("dataDir", dataDir.toString())
                .put("roles", new JsonArray().add("chain").add("wallet").add("miner").add("rpc"))
                .put("rpc", new JsonObject().put("host", "127.0.0.1").put("port", port))
                .put("mining", new JsonObject().put("mode", "pool-full").put("txPoolSize", 2));
        vertx.deployVerticle(new NodeVerticle(), new DeploymentOptions().setConfig(config))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void stopNode() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** Runs one command line; returns its standard output lines, failing on a non-zero exit. */
    private List<String> cli(String... words) {
        List<String> args = new ArrayList<>(List.of("--rpc", rpcUrl, "--data", dataDir.toString()));
        args.addAll(List.of(words));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Cli.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, exit, () -> String.join(" ", words) + ": " + err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static String lastWord(String line) {
        return line.substring(line.lastIndexOf(' ') + 1);
    }

    @Test
    void genesisCreatewalletTwoSendsAndBalances() throws Exception {
        String genesisLine = cli("genesis_block").get(0);
        assertTrue(genesisLine.startsWith("Genesis Wallet is: 1"), genesisLine);
        String genesis = lastWord(genesisLine);
        assertEquals(List.of(genesis + " balance is 1000"), cli("balance", genesis));

        String first = lastWord(cli("createwallet").get(0));
        String second = lastWord(cli("createwallet").get(0));
        assertEquals(List.of("Wallet are:", "\t" + genesis, "\t" + first, "\t" + second), cli("printwallet"));

        cli("send", "--from", genesis, "--to", first, "--amount", "100");
        cli("send", "--from", genesis, "--to", second, "--amount", "100");

        // pool-full: the second transaction fills the pool and the miner makes block 1, rewarding the first address.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!cli("balance", first).equals(List.of(first + " balance is 100")) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(List.of(first + " balance is 100"), cli("balance", first));
        assertEquals(List.of(second + " balance is 100"), cli("balance", second));
        assertEquals(List.of(genesis + " balance is 1800"), cli("balance", genesis));

        JsonObject header = new JsonObject(String.join("\n", cli("print", "1")));
        assertEquals(1L, header.getLong("height"));
        assertEquals(1L, header.getLong("confirmations"));
    }
}
