package minicoin.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import minicoin.chain.ChainState;
import minicoin.chain.ChainStore;
import minicoin.chain.Coin;
import minicoin.chain.MemoryChainStore;
import minicoin.chain.SignatureVerifier;
import minicoin.chain.store.MapDbChainStore;
import minicoin.core.Block;
import minicoin.core.ConsensusParams;
import minicoin.core.OutPoint;
import minicoin.wallet.WalletStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node mining continuously in its own JVM is killed with SIGKILL, three times over the same data
 * directory; after each kill the chain reopens consistent (its UTXO set equals a rebuild from its
 * main-chain blocks) and the wallet reopens with its key, and the next run carries on from there.
 */
class NodeCrashTest {

    private static final int KILLS = 3;

    @TempDir
    Path workDir;

    @Test
    void aNodeKilledWhileMiningRestartsConsistent() throws Exception {
        Path dataDir = workDir.resolve("data");
        Path config = workDir.resolve("config.json");
        Files.writeString(config, new JsonObject()
                .put("network", "devnet")
                .put("dataDir", dataDir.toString())
                .put("roles", new JsonArray().add("chain").add("wallet").add("miner"))
                .put("mining", new JsonObject().put("mode", "continuous"))
                .encode());
        seedGenesis(dataDir);
        long lastHeight = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Process node = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                    "-cp", System.getProperty("java.class.path"), NodeLauncher.class.getName(), "-conf", config.toString())
                    .redirectErrorStream(true).redirectOutput(workDir.resolve("node-" + kill + ".log").toFile()).start();
            assertTrue(waitForLog(workDir.resolve("node-" + kill + ".log"), "Block found", 60), "the node mines");
            Thread.sleep(700);
            node.toHandle().destroyForcibly();
            assertTrue(node.waitFor(30, TimeUnit.SECONDS));
            long height = assertConsistent(dataDir);
            assertTrue(height > lastHeight, "each run added blocks: " + height + " after " + lastHeight);
            lastHeight = height;
            try (WalletStore wallet = WalletStore.open(dataDir)) {
                assertTrue(wallet.firstAddress().isPresent());
            }
        }
    }

    /** A genesis paying the node's own wallet, made before the node first starts. */
    private static void seedGenesis(Path dataDir) throws Exception {
        try (WalletStore wallet = WalletStore.open(dataDir);
                MapDbChainStore store = MapDbChainStore.open(dataDir)) {
            new ChainState(ConsensusParams.DEVNET, store).createGenesis(wallet.createAddress());
        }
    }

    private static boolean waitForLog(Path log, String text, int seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private static long assertConsistent(Path dataDir) {
        SignatureVerifier verifier = SignatureVerifier.withDefaults();
        try (MapDbChainStore store = MapDbChainStore.open(dataDir)) {
            ChainState chain = new ChainState(ConsensusParams.DEVNET, store, verifier, () -> Long.MAX_VALUE / 4,
                    Optional.empty());
            try (MemoryChainStore fresh = new MemoryChainStore()) {
                ChainState rebuilt = new ChainState(ConsensusParams.DEVNET, fresh, verifier, () -> Long.MAX_VALUE / 4,
                        Optional.empty());
                for (long height = 0; height <= chain.tipHeight(); height++) {
                    Block block = chain.block(chain.mainChainHash(height).orElseThrow()).orElseThrow();
                    assertEquals(ChainState.Outcome.CONNECTED, rebuilt.submitBlock(block).outcome(), "block " + height);
                }
                assertEquals(coins(fresh), coins(store), "UTXO set at height " + chain.tipHeight());
            }
            return chain.tipHeight();
        }
    }

    private static Map<OutPoint, Coin> coins(ChainStore store) {
        Map<OutPoint, Coin> coins = new TreeMap<>();
        store.forEachCoin(utxo -> coins.put(utxo.outPoint(), utxo.coin()));
        return coins;
    }
}
