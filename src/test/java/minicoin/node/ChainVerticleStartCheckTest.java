package minicoin.node;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import minicoin.chain.ChainState;
import minicoin.chain.StoredRecords;
import minicoin.chain.TestBlocks;
import minicoin.chain.store.MapDbChainStore;
import minicoin.core.Block;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The chain worker re-checks the last {@code chain.checkBlocks} blocks at start and refuses damaged ones. */
@ExtendWith(VertxExtension.class)
class ChainVerticleStartCheckTest {

    private static final int LENGTH = 8;

    @TempDir
    Path dataDir;

    private Block damaged;

    /** A stored chain of eight blocks whose block at height 6 has a flipped byte on disk. */
    @BeforeEach
    void storeAChainWithADamagedBlock() throws IOException {
        Block genesis = TestBlocks.genesis();
        List<Block> blocks = TestBlocks.chainWithPayments(genesis, LENGTH);
        try (MapDbChainStore store = MapDbChainStore.open(dataDir)) {
            ChainState chain = TestBlocks.newChain(store);
            chain.submitBlock(genesis);
            blocks.forEach(chain::submitBlock);
        }
        damaged = blocks.get(5);
        StoredRecords.flipByteInBlock(dataDir, damaged);
    }

    private DeploymentOptions chainWorker(int checkBlocks) {
        JsonObject config = new JsonObject().put("network", "regtest").put("dataDir", dataDir.toString())
                .put("chain", new JsonObject().put("checkBlocks", checkBlocks));
        return new DeploymentOptions().setConfig(config).setThreadingModel(ThreadingModel.WORKER)
                .setWorkerPoolName("chain-start-check").setWorkerPoolSize(1);
    }

    @Test
    void aDamagedBlockAmongTheLastCheckedRefusesTheStartNamingIt(Vertx vertx, VertxTestContext test) {
        vertx.deployVerticle(new ChainVerticle(), chainWorker(6)).onComplete(test.failing(e -> test.verify(() -> {
            assertTrue(e.getMessage().contains("main-chain block 6 (" + damaged.hash() + ")"), e.getMessage());
            assertTrue(e.getMessage().contains("refuses to start"), e.getMessage());
            // The refusal closed the store: its lock is free again.
            MapDbChainStore.open(dataDir).close();
            test.completeNow();
        })));
    }

    @Test
    void damageBelowTheCheckedBlocksDoesNotStopTheStart(Vertx vertx, VertxTestContext test) {
        vertx.deployVerticle(new ChainVerticle(), chainWorker(2))
                .compose(vertx::undeploy)
                .onComplete(test.succeedingThenComplete());
    }
}
