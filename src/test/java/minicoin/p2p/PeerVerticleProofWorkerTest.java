package minicoin.p2p;

import static minicoin.testing.LocalNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import minicoin.bus.BusAddresses;
import minicoin.config.NodeConfig;
import minicoin.node.NodeVerticle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real peer verticle, on loopback, signs and verifies handshake proofs on its proof workers and
 * gets the results back on its event loop: the worker it is given is wrapped to record where each
 * task and each answer runs.
 */
class PeerVerticleProofWorkerTest {

    /** Where a proof task ran, or where its answer came back. */
    private record Where(String thread, boolean eventLoop, Context context) {
    }

    @TempDir
    Path dir;

    private Vertx vertx;

    @AfterEach
    void close() throws Exception {
        if (vertx != null) {
            await(vertx.close());
        }
    }

    @Test
    void theProofsAreSignedAndVerifiedOnWorkersAndAnsweredOnTheEventLoop() throws Exception {
        List<Where> asked = new CopyOnWriteArrayList<>();
        List<Where> ran = new CopyOnWriteArrayList<>();
        List<Where> answered = new CopyOnWriteArrayList<>();
        PeerVerticle verticle = new PeerVerticle(worker -> new ProofCrypto.Worker() {
            @Override
            public <T> CompletionStage<T> run(Supplier<T> task) {
                asked.add(here());
                return worker.run(() -> {
                    ran.add(here());
                    return task.get();
                }).whenComplete((result, failure) -> answered.add(here()));
            }
        });
        JsonObject config = new JsonObject()
                .put("network", "devnet")
                .put("dataDir", dir.toString())
                .put("roles", new JsonArray().add("chain"))
                .put("p2p", new JsonObject().put("host", "127.0.0.1").put("port", 0));
        vertx = Vertx.vertx();
        // The chain role answers the peers' questions (our handshake's summary) over the bus.
        await(vertx.deployVerticle(new NodeVerticle(), new DeploymentOptions().setConfig(config)));
        await(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)));
        BusAddresses addresses = new BusAddresses(NodeConfig.DEFAULT_BUS_PREFIX);
        int port = await(vertx.eventBus().<JsonObject>request(addresses.of(BusAddresses.P2P_INFO), new JsonObject()))
                .body().getInteger("port");

        try (LoopbackSocket stranger = new LoopbackSocket("127.0.0.1", port, 1)) {
            assertTrue(stranger.handshake());
            assertTrue(stranger.awaitMessage(NodeProof.class), "the node verified our proof and sent its own");
        }

        assertEquals(2, ran.size(), "our proof verified, the node's signed: " + ran);
        for (Where where : ran) {
            assertFalse(where.eventLoop(), "crypto on " + where.thread());
            assertTrue(where.thread().startsWith(PeerVerticle.PROOF_WORKER_POOL), where.thread());
        }
        assertEquals(2, answered.size());
        for (int i = 0; i < answered.size(); i++) {
            assertTrue(asked.get(i).eventLoop(), "asked from the event loop");
            assertTrue(answered.get(i).eventLoop(), "answered on " + answered.get(i).thread());
            assertEquals(asked.get(i).context(), answered.get(i).context(), "answered on the verticle's own context");
            assertEquals(asked.get(i).thread(), answered.get(i).thread());
        }
    }

    private static Where here() {
        return new Where(Thread.currentThread().getName(), Context.isOnEventLoopThread(), Vertx.currentContext());
    }
}
