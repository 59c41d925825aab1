package minicoin.node;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import minicoin.bus.BusAddresses;
import minicoin.bus.DomainCodec;
import minicoin.chain.OwnerOnly;
import minicoin.config.ConfigException;
import minicoin.config.NodeConfig;
import minicoin.discovery.DiscoveryVerticle;
import minicoin.mining.MinerVerticle;
import minicoin.p2p.BusCodecs;
import minicoin.p2p.PeerVerticle;
import minicoin.rpc.RpcVerticle;

/**
 * The main verticle: reads the launcher's configuration and deploys the verticles of this JVM's
 * roles (chain and wallet workers first, then the miner and the RPC server), each a child that is
 * undeployed with it, so a stop closes the databases. An invalid configuration or a verticle that
 * fails to start fails the deployment, so the launcher exits non-zero.
 *
 * <p>An empty configuration means "defaults": {@link NodeLauncher} has already refused a
 * {@code -conf} that names no readable JSON file, which the stock launcher would turn into an
 * empty configuration with only a warning.
 */
public final class NodeVerticle extends VerticleBase {

    private static final Logger LOG = Logger.getLogger(NodeVerticle.class.getName());

    private NodeConfig nodeConfig;
    private final List<RoleClaim> claims = new ArrayList<>();
    /** Deployment ids of the miner, peer, discovery and RPC verticles, in deployment order. */
    private final List<String> frontendIds = new ArrayList<>();

    @Override
    public Future<?> start() {
        try {
            nodeConfig = NodeConfig.fromJson(config());
        } catch (ConfigException e) {
            LOG.log(Level.SEVERE, e.getMessage());
            return Future.failedFuture(e);
        }
        LOG.info(() -> "Minicoin node starting: " + ConfigSummary.of(nodeConfig, vertx.isClustered()));
        DomainCodec.registerAll(vertx.eventBus());
        BusCodecs.registerAll(vertx.eventBus());
        JsonObject config = config();
        BusAddresses addresses = new BusAddresses(nodeConfig.node().busPrefix());
        // Local only: in a cluster every JVM has this consumer, and the bus would otherwise hand an RPC
        // "stop" to any one of them (the chain's JVM, say) rather than to the JVM that was asked.
        vertx.eventBus().<JsonObject>localConsumer(addresses.of(BusAddresses.NODE_STOP), request -> {
            request.reply(new JsonObject().put("stopping", true));
            LOG.info("Stop requested over RPC");
            // Exiting runs the launcher's shutdown hook, which undeploys every verticle cleanly.
            Thread exit = new Thread(() -> System.exit(0), "minicoin-stop");
            exit.setDaemon(true);
            exit.start();
        });
        List<Supplier<Future<String>>> backends = new ArrayList<>();
        if (nodeConfig.hasRole(NodeConfig.Role.CHAIN)) {
            backends.add(() -> claim(addresses, NodeConfig.Role.CHAIN)
                    .compose(claimed -> deploy(ChainVerticle::new, worker(config, "minicoin-chain"))));
        }
        if (nodeConfig.hasRole(NodeConfig.Role.WALLET)) {
            backends.add(() -> claim(addresses, NodeConfig.Role.WALLET)
                    .compose(claimed -> deploy(WalletVerticle::new, worker(config, "minicoin-wallet"))));
        }
        List<Supplier<Future<String>>> frontends = new ArrayList<>();
        if (nodeConfig.hasRole(NodeConfig.Role.MINER)) {
            // Its searches run on threads of its own; the worker context only handles bus messages.
            frontends.add(() -> deploy(MinerVerticle::new, worker(config, "minicoin-miner-bus")));
        }
        if (nodeConfig.hasRole(NodeConfig.Role.P2P)) {
            // An event-loop verticle: it only moves bytes; validation and storage are requests to the chain worker.
            NodeConfig.P2p p2p = nodeConfig.p2p();
            frontends.add(() -> deploy(PeerVerticle::new, new DeploymentOptions().setConfig(config))
                    .recover(e -> listenerFailed("p2p", "tcp", p2p.host(), p2p.port(), e)));
        }
        if (nodeConfig.hasRole(NodeConfig.Role.DISCOVERY)) {
            // A worker (signing and verifying stay off the event loops) on the shared pool: a worker
            // context runs its tasks one at a time anyway, and a pool of its own would be shut down
            // before the UDP socket's last close event reaches it.
            NodeConfig.Discovery discovery = nodeConfig.discovery();
            frontends.add(() -> deploy(DiscoveryVerticle::new,
                    new DeploymentOptions().setConfig(config).setThreadingModel(ThreadingModel.WORKER))
                    .recover(e -> listenerFailed("discovery", "udp", discovery.host(), discovery.port(), e)));
        }
        if (nodeConfig.hasRole(NodeConfig.Role.RPC)) {
            NodeConfig.Rpc rpc = nodeConfig.rpc();
            frontends.add(() -> deploy(RpcVerticle::new, new DeploymentOptions().setConfig(config))
                    .recover(e -> listenerFailed("rpc", "tcp", rpc.host(), rpc.port(), e)));
        }
        Future<?> started = usesDataDir() ? vertx.executeBlocking(this::secureDataDir) : Future.succeededFuture();
        for (Supplier<Future<String>> step : backends) {
            started = started.compose(ignored -> step.get());
        }
        for (Supplier<Future<String>> step : frontends) {
            started = started.compose(ignored -> step.get().onSuccess(frontendIds::add));
        }
        vertx.eventBus().<JsonObject>localConsumer(addresses.of(BusAddresses.NODE_QUIESCE),
                request -> quiesce().onComplete(done -> request.reply(new JsonObject().put("quiet", true))));
        return started.onSuccess(ignored -> LOG.info("Minicoin node started"))
                .onFailure(failure -> {
                    // A known cause is the launcher's to tell, once, as one sentence; an unknown one is logged here too.
                    if (StartupFailure.known(failure).isEmpty()) {
                        LOG.log(Level.SEVERE, "Minicoin node failed to start: " + failure.getMessage());
                    }
                });
    }

    /** A front end that could not listen: the setting that chose its port, if that was the cause. */
    private static Future<String> listenerFailed(String section, String protocol, String host, int port, Throwable e) {
        return Future.failedFuture(StartupFailure.ofListener(section + ".port", section + ".host", protocol, host, port, e));
    }

    /** Whether a role of this JVM keeps files in the data directory (databases, node key, RPC cookie). */
    private boolean usesDataDir() {
        return nodeConfig.hasRole(NodeConfig.Role.CHAIN) || nodeConfig.hasRole(NodeConfig.Role.WALLET)
                || nodeConfig.hasRole(NodeConfig.Role.P2P) || nodeConfig.hasRole(NodeConfig.Role.DISCOVERY)
                || nodeConfig.hasRole(NodeConfig.Role.RPC) && nodeConfig.rpc().token().isEmpty();
    }

    /**
     * Makes the data directory its owner's alone before anything is written there: created 0700, or,
     * made before, tightened with its files to owner-only, saying what changed (docs/security.md).
     */
    private Void secureDataDir() throws IOException {
        Path dataDir = nodeConfig.dataDir();
        if (!OwnerOnly.supported(dataDir)) {
            LOG.warning(() -> "The data directory " + dataDir.toAbsolutePath() + " is on a file system without POSIX"
                    + " permissions: the node cannot keep its keys and databases owner-only there");
            OwnerOnly.createDirectories(dataDir);
            return null;
        }
        OwnerOnly.createDirectories(dataDir);
        List<String> changes = OwnerOnly.tighten(dataDir);
        if (!changes.isEmpty()) {
            LOG.warning(() -> "Made the data directory owner-only (others could read it): " + String.join(", ", changes));
        }
        return null;
    }

    /**
     * Undeploys the front ends, the last deployed first (RPC, discovery, peers, miner), so that no
     * request or peer block reaches the chain and wallet workers while they flush and close. Vert.x
     * would undeploy every child at once.
     */
    private Future<Void> quiesce() {
        Future<Void> done = Future.succeededFuture();
        for (int i = frontendIds.size() - 1; i >= 0; i--) {
            String id = frontendIds.get(i);
            done = done.compose(ignored -> vertx.undeploy(id).recover(e -> Future.succeededFuture()));
        }
        frontendIds.clear();
        return done.onSuccess(ignored -> LOG.info("Front ends stopped; the workers close next"));
    }

    /** Claims a role the logical node has once (RoleClaim), remembering the claim to give it up at stop. */
    private Future<RoleClaim> claim(BusAddresses addresses, NodeConfig.Role role) {
        return RoleClaim.acquire(vertx, addresses, nodeConfig.node().busPrefix(), role).onSuccess(claims::add);
    }

    /** A worker with a pool of one thread: its requests run one at a time, in order. */
    private static DeploymentOptions worker(JsonObject config, String pool) {
        return new DeploymentOptions().setConfig(config).setThreadingModel(ThreadingModel.WORKER)
                .setWorkerPoolName(pool).setWorkerPoolSize(1);
    }

    private Future<String> deploy(Supplier<? extends io.vertx.core.Deployable> verticle, DeploymentOptions options) {
        return vertx.deployVerticle(verticle, options);
    }

    @Override
    public Future<?> stop() {
        LOG.info("Minicoin node stopped");
        // Children (the chain worker among them) are undeployed before this runs.
        return Future.join(claims.stream().map(claim -> claim.release().recover(e -> Future.succeededFuture())).toList());
    }

    /** The configuration this verticle started with; null before a successful start. */
    NodeConfig nodeConfig() {
        return nodeConfig;
    }
}
