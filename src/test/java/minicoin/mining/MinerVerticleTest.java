package minicoin.mining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import minicoin.bus.BusAddresses;
import minicoin.bus.BusError;
import minicoin.bus.DomainCodec;
import minicoin.config.ConfigException;
import minicoin.core.Block;
import minicoin.core.Bytes;
import minicoin.core.ConsensusParams;
import minicoin.core.Hash;
import minicoin.crypto.Address;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class MinerVerticleTest {

    private static final long TIMEOUT_SECONDS = 30;
    private static final long REGTEST_BITS = ConsensusParams.REGTEST.initialBits();
    /** About 65,000 hashes a block: continuous mining makes tens of blocks a second, not thousands. */
    private static final long DEVNET_BITS = ConsensusParams.DEVNET.initialBits();
    /** Long enough for a miner that wrongly started to show it (a regtest block takes milliseconds). */
    private static final long QUIET_MILLIS = 300;

    private Vertx vertx;
    private StubChain chain;

    @BeforeEach
    void setUp(Vertx vertx) {
        this.vertx = vertx;
        DomainCodec.registerAll(vertx.eventBus());
        chain = new StubChain(vertx, REGTEST_BITS);
    }

    @Test
    void generateReturnsTheHashesOfTheConnectedBlocks() throws Exception {
        chain.externalTip("genesis");
        deploy(mining("off", 2));

        JsonObject reply = request(BusAddresses.MINING_GENERATE, new JsonObject().put("blocks", 3));

        List<Block> connected = chain.connected();
        assertEquals(3, connected.size());
        assertEquals(connected.stream().map(block -> block.hash().toString()).toList(),
                reply.getJsonArray("hashes").getList());
        assertEquals(chain.tip(), connected.get(2).hash());
        for (Block block : connected) {
            assertEquals(StubChain.WALLET_ADDRESS, block.transactions().get(0).outputs().get(0).address());
        }
        JsonObject info = request(BusAddresses.MINING_INFO, new JsonObject());
        assertEquals(3, info.getLong("blocksMined"));
        assertEquals(StubChain.WALLET_ADDRESS.toString(), info.getString("address"));
    }

    @Test
    void generatePaysTheAddressGiven() throws Exception {
        Address payTo = MiningFixtures.address("someone");
        chain.externalTip("genesis");
        deploy(mining("off", 1).put("rewardAddress", MiningFixtures.address("configured").toString()));

        request(BusAddresses.MINING_GENERATE, new JsonObject().put("blocks", 1).put("address", payTo.toString()));

        assertEquals(payTo, chain.connected().get(0).transactions().get(0).outputs().get(0).address());
    }

    @Test
    void generateMinesAgainWhenTheChainDoesNotConnectABlock() throws Exception {
        chain.externalTip("genesis");
        chain.forceOutcomes("SIDE_BRANCH", "DUPLICATE");
        deploy(mining("off", 1));

        JsonObject reply = request(BusAddresses.MINING_GENERATE, new JsonObject().put("blocks", 2));

        assertEquals(2, reply.getJsonArray("hashes").size());
        assertEquals(4, chain.submitted().size());
        assertEquals(2, chain.connected().size());
    }

    @Test
    void generateFailsWhenTheChainKeepsRejectingItsBlocks() throws Exception {
        chain.externalTip("genesis");
        chain.forceOutcomes("REJECTED", "REJECTED", "REJECTED");
        deploy(mining("off", 1));

        ReplyException failure = requestFailure(BusAddresses.MINING_GENERATE, new JsonObject().put("blocks", 1));

        assertEquals(BusError.INTERNAL, BusError.of(failure));
        assertTrue(failure.getMessage().contains("REJECTED") && failure.getMessage().contains("forced by the test"),
                failure.getMessage());
        assertEquals(MinerVerticle.MAX_SUBMIT_ATTEMPTS, chain.submitted().size());
    }

    @Test
    void generateRefusesBadRequests() throws Exception {
        chain.externalTip("genesis");
        deploy(mining("off", 1));

        assertEquals(BusError.INVALID_REQUEST,
                BusError.of(requestFailure(BusAddresses.MINING_GENERATE, new JsonObject().put("blocks", 0))));
        assertEquals(BusError.INVALID_REQUEST,
                BusError.of(requestFailure(BusAddresses.MINING_GENERATE, new JsonObject().put("blocks", "2"))));
        assertEquals(BusError.BAD_ADDRESS, BusError.of(requestFailure(BusAddresses.MINING_GENERATE,
                new JsonObject().put("blocks", 1).put("address", "1NotAnAddressAtAllxxxxxxxxxxx"))));
        assertEquals(0, chain.templateRequests());
    }

    @Test
    void generateBeforeAGenesisFailsWithNoGenesis() throws Exception {
        deploy(mining("off", 1));

        ReplyException failure = requestFailure(BusAddresses.MINING_GENERATE, new JsonObject().put("blocks", 1));

        assertEquals(BusError.NO_GENESIS, BusError.of(failure));
    }

    @Test
    void poolFullMinesOneBlockOnceThePoolReachesTheThreshold() throws Exception {
        chain.externalTip("genesis");
        deploy(mining("pool-full", 1).put("txPoolSize", 2));
        await(chain.when(() -> chain.mempoolRequests() >= 1));

        chain.setMempoolSize(1);
        publishTxAccepted();
        await(chain.when(() -> chain.mempoolRequests() >= 2));
        request(BusAddresses.MINING_INFO, new JsonObject());
        assertEquals(0, chain.templateRequests(), "one transaction does not fill a pool of two");

        chain.setMempoolSize(2);
        publishTxAccepted();
        await(chain.when(() -> chain.connected().size() == 1));
        // After its block the miner looks at the pool again, finds it empty, and rests.
        await(chain.when(() -> chain.mempoolRequests() >= 4));
        Thread.sleep(QUIET_MILLIS);

        assertEquals(1, chain.templateRequests());
        assertEquals(1, chain.connected().size());
        assertEquals(1, request(BusAddresses.MINING_INFO, new JsonObject()).getLong("blocksMined"));
    }

    @Test
    void poolFullMinesAgainWhileThePoolStaysFull() throws Exception {
        chain.externalTip("genesis");
        chain.setMempoolSize(3);
        deploy(mining("pool-full", 1));

        // The stub empties its pool with each block; the pool is refilled once, as by new transactions.
        await(chain.when(() -> chain.connected().size() == 1));
        chain.setMempoolSize(2);
        publishTxAccepted();
        await(chain.when(() -> chain.connected().size() == 2));
    }

    @Test
    void continuousModeAbandonsItsTemplateWhenTheTipMoves() throws Exception {
        chain.externalTip("genesis");
        Hash genesis = chain.tip();
        chain.setBits(MiningFixtures.IMPOSSIBLE_BITS);
        deploy(mining("continuous", 2));
        await(chain.when(() -> chain.templateRequests() == 1));
        Thread.sleep(QUIET_MILLIS);
        assertEquals(1, chain.templateRequests(), "an unsolved search keeps its template");

        long movedAt = System.nanoTime();
        chain.externalTip("a peer's block");
        await(chain.when(() -> chain.templateRequests() == 2));
        long switchMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - movedAt);

        assertEquals(List.of(genesis, chain.tip()), chain.templateParents());
        assertTrue(switchMillis < 1000, "switched templates after " + switchMillis + " ms");
        assertTrue(request(BusAddresses.MINING_INFO, new JsonObject()).getLong("hashrate") > 0);

        long stopAt = System.nanoTime();
        await(vertx.undeploy(vertx.deploymentIDs().iterator().next()));
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopAt);
        assertTrue(stopMillis < 1000, "stopped a running search in " + stopMillis + " ms");
    }

    @Test
    void continuousModeMinesBlockAfterBlock() throws Exception {
        chain.setBits(DEVNET_BITS);
        chain.externalTip("genesis");
        deploy(mining("continuous", 1));

        await(chain.when(() -> chain.connected().size() >= 3));

        List<Block> connected = chain.connected();
        for (int i = 1; i < connected.size(); i++) {
            assertEquals(connected.get(i - 1).hash(), connected.get(i).header().prevHash());
        }
    }

    @Test
    void continuousModeWaitsForAGenesisInsteadOfSpinning() throws Exception {
        chain.setBits(DEVNET_BITS);
        deploy(mining("continuous", 1));
        await(chain.when(() -> chain.templateRequests() == 1));
        Thread.sleep(QUIET_MILLIS);
        assertEquals(1, chain.templateRequests(), "no genesis: the miner waits");

        chain.externalTip("genesis");
        await(chain.when(() -> chain.connected().size() >= 2));
    }

    @Test
    void generateInContinuousModeGetsItsOwnBlocks() throws Exception {
        chain.setBits(DEVNET_BITS);
        chain.externalTip("genesis");
        deploy(mining("continuous", 1));
        Address payTo = MiningFixtures.address("generate");

        JsonObject reply = request(BusAddresses.MINING_GENERATE, new JsonObject().put("blocks", 2).put("address", payTo.toString()));

        List<String> hashes = reply.getJsonArray("hashes").stream().map(String.class::cast).toList();
        List<Block> generated = chain.connected().stream().filter(block -> hashes.contains(block.hash().toString())).toList();
        assertEquals(2, generated.size());
        for (Block block : generated) {
            assertEquals(payTo, block.transactions().get(0).outputs().get(0).address());
        }
    }

    @Test
    void offModeMinesNothingByItself() throws Exception {
        chain.externalTip("genesis");
        chain.setMempoolSize(10);
        deploy(mining("off", 1));

        publishTxAccepted();
        chain.externalTip("a peer's block");
        Thread.sleep(QUIET_MILLIS);

        JsonObject info = request(BusAddresses.MINING_INFO, new JsonObject());
        assertEquals("off", info.getString("mode"));
        assertEquals(1, info.getInteger("threads"));
        assertEquals(0, info.getLong("blocksMined"));
        assertEquals(0, info.getLong("hashrate"));
        assertNull(info.getString("address"), "no reward address is looked up before it is needed");
        assertEquals(0, chain.templateRequests());
        assertEquals(0, chain.mempoolRequests());
    }

    @Test
    void aRewardAddressWithABadChecksumFailsTheDeployment() {
        String badChecksum = StubChain.WALLET_ADDRESS.toString().substring(0, 30) + "zzzz";
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> deploy(mining("off", 1).put("rewardAddress", badChecksum)));
        assertInstanceOf(ConfigException.class, e.getCause());
    }

    private static JsonObject mining(String mode, int threads) {
        return new JsonObject().put("mode", mode).put("threads", threads);
    }

    private void deploy(JsonObject mining) throws Exception {
        JsonObject config = new JsonObject().put("network", "regtest").put("mining", mining);
        await(vertx.deployVerticle(new MinerVerticle(),
                new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER).setConfig(config)));
    }

    private void publishTxAccepted() {
        Block any = MiningFixtures.template(ConsensusParams.REGTEST, Bytes.EMPTY);
        vertx.eventBus().publish(chain.bus().of(BusAddresses.MEMPOOL_TX_ACCEPTED), any.transactions().get(0));
    }

    private JsonObject request(String address, JsonObject body) throws Exception {
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        return await(vertx.eventBus().<JsonObject>request(chain.bus().of(address), body, options)).body();
    }

    private ReplyException requestFailure(String address, JsonObject body) {
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> request(address, body));
        return assertInstanceOf(ReplyException.class, e.getCause());
    }

    private static <T> T await(Future<T> future) throws Exception {
        return await(future.toCompletionStage().toCompletableFuture());
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
