package minicoin.p2p;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;
import minicoin.bus.BusAddresses;
import minicoin.bus.BusError;
import minicoin.config.ConfigException;
import minicoin.config.NodeConfig;
import minicoin.core.Block;
import minicoin.core.ConsensusParams;
import minicoin.core.Transaction;
import minicoin.crypto.PrivateKey;
import minicoin.discovery.NodeKey;

/**
 * The peer protocol over TCP: a thin shell around {@link PeerGroup}. It owns the server and client
 * sockets, turns their bytes and back-pressure into calls on the peers, relays what the chain
 * publishes, dials what discovery publishes, and answers {@code p2p.*} on the bus. Runs on an
 * event loop: everything slow (validation, storage) is a request to the chain worker, and the
 * handshake proofs' ECDSA runs on a worker pool of its own ({@link ProofCrypto}).
 */
public final class PeerVerticle extends VerticleBase {

    /** How often timeouts, pings and free outbound slots are looked at. */
    static final long TICK_MILLIS = 1_000;
    /** A dial that takes longer is given up (and retried later with back-off). */
    static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    /** Bytes queued to one peer before we stop producing for it: a few blocks' worth. */
    static final int WRITE_QUEUE_MAX_BYTES = 4 * 1024 * 1024;
    /** The handshake proofs' worker pool, by this name in thread dumps. */
    static final String PROOF_WORKER_POOL = "minicoin-p2p-proofs";
    /** Its threads: the ECDSA is pure CPU, so more threads than the 2 cores we size for would only queue. */
    static final int PROOF_WORKER_THREADS = 2;

    private static final Logger LOG = Logger.getLogger(PeerVerticle.class.getName());

    private NetServer server;
    private NetClient client;
    /** Wraps the proof worker: the identity in a node; a test records where the crypto runs. */
    private final UnaryOperator<ProofCrypto.Worker> proofWorkerWrapper;
    private PeerGroup group;
    private WorkerExecutor proofWorkers;

    public PeerVerticle() {
        this(UnaryOperator.identity());
    }

    PeerVerticle(UnaryOperator<ProofCrypto.Worker> proofWorkerWrapper) {
        this.proofWorkerWrapper = proofWorkerWrapper;
    }

    @Override
    public Future<?> start() {
        NodeConfig config = NodeConfig.fromJson(config());
        proofWorkers = vertx.createSharedWorkerExecutor(PROOF_WORKER_POOL, PROOF_WORKER_THREADS);
        // The key file is read (or written once) off the event loop.
        return vertx.executeBlocking(() -> NodeKey.loadOrCreate(config.dataDir(), new SecureRandom()))
                .compose(key -> listen(config, key));
    }

    private Future<Integer> listen(NodeConfig config, PrivateKey nodeKey) {
        BusAddresses addresses = new BusAddresses(config.node().busPrefix());
        NodeConfig.P2p settings = config.p2p();
        int magic = ConsensusParams.byName(config.network().id()).magic();
        EventBus bus = vertx.eventBus();

        client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MILLIS).setTcpNoDelay(true));
        group = new PeerGroup(magic, nodeKey, settings.port(), new BusChainAccess(bus, addresses), this::dial,
                new PeerGroup.Settings(settings.maxPeers(), settings.maxOutbound(), settings.peers().stream()
                        .map(endpoint -> new PeerGroup.Endpoint(endpoint.host(), endpoint.port())).toList()),
                System::currentTimeMillis, new SecureRandom(), task -> vertx.runOnContext(ignored -> task.run()),
                ProofCrypto.on(proofWorkerWrapper.apply(onWorkers(proofWorkers))));

        server = vertx.createNetServer(new NetServerOptions().setHost(settings.host()).setPort(settings.port())
                .setTcpNoDelay(true));
        server.connectHandler(socket -> {
            var remote = socket.remoteAddress();
            group.accepted(link(socket), remote.hostAddress(), remote.port())
                    .ifPresentOrElse(peer -> wire(socket, peer), socket::close);
        });
        return server.listen().map(bound -> {
            int port = bound.actualPort();
            group.listenPort(port);
            bus.<Block>consumer(addresses.of(BusAddresses.CHAIN_BLOCK_CONNECTED),
                    message -> group.announce(InvItem.block(message.body().hash())));
            bus.<Transaction>consumer(addresses.of(BusAddresses.MEMPOOL_TX_ACCEPTED),
                    message -> group.announce(InvItem.tx(message.body().txid())));
            // A rebroadcast reaches the peers not known to have the transaction (those connected since, say).
            bus.<Transaction>consumer(addresses.of(BusAddresses.MEMPOOL_TX_REBROADCAST),
                    message -> group.announce(InvItem.tx(message.body().txid())));
            bus.<JsonObject>consumer(addresses.of(BusAddresses.DISCOVERY_NODE_FOUND), this::nodeFound);
            bus.<JsonObject>consumer(addresses.of(BusAddresses.P2P_INFO), request -> request.reply(info()));
            bus.<JsonObject>consumer(addresses.of(BusAddresses.P2P_PEERS), request -> request.reply(peers()));
            bus.<JsonObject>consumer(addresses.of(BusAddresses.P2P_CONNECT), this::connect);
            bus.<JsonObject>consumer(addresses.of(BusAddresses.P2P_DISCONNECT), this::disconnect);
            bus.<JsonObject>consumer(addresses.of(BusAddresses.P2P_SET_BAN), this::setBan);
            bus.<JsonObject>consumer(addresses.of(BusAddresses.P2P_LIST_BANNED), request -> request.reply(listBanned()));
            bus.<JsonObject>consumer(addresses.of(BusAddresses.P2P_CLEAR_BANNED), request -> {
                group.clearBanned();
                request.reply(new JsonObject());
            });
            bus.<JsonObject>consumer(addresses.of(BusAddresses.P2P_PING),
                    request -> request.reply(new JsonObject().put("pinged", group.pingAll())));
            vertx.setPeriodic(TICK_MILLIS, id -> group.tick());
            group.tick();
            LOG.info(() -> "Peers listening on TCP " + settings.host() + ":" + port + " as node "
                    + PeerGroup.nodeIdHex(group.nodeId()) + "; dialling " + settings.peers() + ", up to "
                    + settings.maxOutbound() + " outbound of " + settings.maxPeers() + " peers");
            return port;
        });
    }

    @Override
    public Future<?> stop() {
        if (group != null) {
            group.closeAll("node stopping");
        }
        Future<?> serverClosed = server == null ? Future.succeededFuture() : server.close();
        Future<?> clientClosed = client == null ? Future.succeededFuture() : client.close();
        Future<?> workersClosed = proofWorkers == null ? Future.succeededFuture() : proofWorkers.close();
        return Future.join(serverClosed, clientClosed, workersClosed);
    }

    /**
     * Runs tasks on {@code workers}. Called from the event loop, the stage completes back on it:
     * Vert.x completes {@code executeBlocking}'s future on the caller's context, and the stage with it.
     */
    static ProofCrypto.Worker onWorkers(WorkerExecutor workers) {
        return new ProofCrypto.Worker() {
            @Override
            public <T> CompletionStage<T> run(Supplier<T> task) {
                // Unordered: one peer's proof need not wait for another's.
                return workers.executeBlocking(task::get, false).toCompletionStage();
            }
        };
    }

    private void dial(String host, int port) {
        client.connect(port, host).onComplete(result -> {
            if (result.failed()) {
                group.dialFailed(host, port, result.cause().getMessage());
                return;
            }
            NetSocket socket = result.result();
            wire(socket, group.connected(link(socket), host, port));
        });
    }

    private static Peer.Link link(NetSocket socket) {
        socket.setWriteQueueMaxSize(WRITE_QUEUE_MAX_BYTES);
        return new Peer.Link() {
            /** Written to the socket and not yet flushed to the system: what the peer makes us hold. */
            private long queued;

            @Override
            public void send(byte[] frame) {
                queued += frame.length;
                socket.write(Buffer.buffer(frame)).onComplete(done -> queued -= frame.length);
            }

            @Override
            public long queuedBytes() {
                return queued;
            }

            @Override
            public boolean writeQueueFull() {
                return socket.writeQueueFull();
            }

            @Override
            public Optional<String> localAddress() {
                var local = socket.localAddress();
                return local == null ? Optional.empty()
                        : Optional.of(new PeerGroup.Endpoint(local.hostAddress(), local.port()).toString());
            }

            @Override
            public void close() {
                socket.close();
            }
        };
    }

    /** Bytes to the peer; while the peer does not read our answers, we stop reading its requests. */
    private static void wire(NetSocket socket, Peer peer) {
        socket.handler(buffer -> {
            peer.receive(buffer.getBytes());
            if (!peer.isClosed() && socket.writeQueueFull()) {
                socket.pause();
            }
        });
        socket.drainHandler(ignored -> {
            socket.resume();
            peer.drained();
        });
        socket.closeHandler(ignored -> peer.disconnected());
        socket.exceptionHandler(failure -> LOG.log(Level.FINE, "Socket of peer " + peer + " failed", failure));
    }

    private void nodeFound(Message<JsonObject> message) {
        JsonObject node = message.body();
        try {
            group.nodeFound(PeerGroup.nodeIdFromHex(node.getString("id")), node.getString("host"),
                    node.getInteger("tcpPort"));
        } catch (RuntimeException e) {
            LOG.fine(() -> "Ignored a malformed discovery.nodeFound: " + node.encode());
        }
    }

    private void connect(Message<JsonObject> request) {
        Object address = request.body().getValue("address");
        if (!(address instanceof String text)) {
            request.fail(BusError.INVALID_REQUEST.code(), "address must be a \"host:port\" string");
            return;
        }
        NodeConfig.Endpoint endpoint;
        try {
            endpoint = NodeConfig.Endpoint.parse(text, "address");
        } catch (ConfigException e) {
            request.fail(BusError.INVALID_REQUEST.code(), e.getMessage());
            return;
        }
        group.addPeer(endpoint.host(), endpoint.port());
        LOG.info(() -> "Peer " + endpoint + " added on request");
        request.reply(new JsonObject().put("address", endpoint.toString()).put("added", true));
    }

    /** {"id"} or {"address": "host:port"} → {"disconnected": true}; NOT_FOUND when no such peer is connected. */
    private void disconnect(Message<JsonObject> request) {
        Object id = request.body().getValue("id");
        Object address = request.body().getValue("address");
        boolean done;
        if (id instanceof Number number && !(id instanceof Double) && address == null) {
            done = group.disconnect(number.longValue());
        } else if (address instanceof String text && id == null) {
            done = group.disconnect(text);
        } else {
            request.fail(BusError.INVALID_REQUEST.code(), "give either id (a number) or address (\"host:port\")");
            return;
        }
        if (!done) {
            request.fail(BusError.NOT_FOUND.code(), "Node not found in connected nodes");
            return;
        }
        request.reply(new JsonObject().put("disconnected", true));
    }

    /**
     * {"subnet", "command": "add"|"remove", "untilSeconds"} → {"subnet"}: INVALID_REQUEST for text that
     * is no address or subnet; NOT_FOUND to remove what is not banned; REJECTED to add what is
     * (with "already banned") or past the cap (docs/rpc.md says which RPC code each becomes).
     */
    private void setBan(Message<JsonObject> request) {
        JsonObject body = request.body();
        Optional<BannedSubnet> subnet = body.getValue("subnet") instanceof String text ? BannedSubnet.parse(text) : Optional.empty();
        if (subnet.isEmpty()) {
            request.fail(BusError.INVALID_REQUEST.code(), "Error: Invalid IP/Subnet");
            return;
        }
        String command = body.getValue("command") instanceof String text ? text : "";
        if (command.equals("remove")) {
            if (!group.unbanSubnet(subnet.get())) {
                request.fail(BusError.NOT_FOUND.code(),
                        "Error: Unban failed. Requested address/subnet was not previously manually banned.");
                return;
            }
        } else if (command.equals("add") && body.getValue("untilSeconds") instanceof Number until) {
            long untilSeconds = until.longValue();
            PeerGroup.BanOutcome outcome = group.banSubnet(subnet.get(),
                    untilSeconds > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : untilSeconds * 1000);
            if (outcome != PeerGroup.BanOutcome.BANNED) {
                request.fail(BusError.REJECTED.code(), outcome == PeerGroup.BanOutcome.ALREADY_BANNED
                        ? "Error: IP/Subnet already banned"
                        : "Error: " + BanList.MAX_SUBNET_BANS + " subnets are banned already, the most the node keeps");
                return;
            }
        } else {
            request.fail(BusError.INVALID_REQUEST.code(), "command must be add (with untilSeconds) or remove");
            return;
        }
        request.reply(new JsonObject().put("subnet", subnet.get().toString()));
    }

    private JsonObject listBanned() {
        JsonArray list = new JsonArray();
        group.listBanned().forEach((address, ban) -> list.add(new JsonObject().put("address", address)
                .put("createdSeconds", ban.createdMillis() / 1000).put("untilSeconds", ban.untilMillis() / 1000)));
        return new JsonObject().put("banned", list);
    }

    private JsonObject info() {
        PeerGroup.NetworkInfo info = group.networkInfo();
        JsonArray bans = new JsonArray();
        for (Map.Entry<String, Long> ban : info.bans().entrySet()) {
            bans.add(new JsonObject().put("address", ban.getKey()).put("bannedUntil", ban.getValue() / 1000));
        }
        return new JsonObject().put("port", info.listenPort()).put("nodeId", info.nodeId())
                .put("connections", info.inbound() + info.outbound()).put("inbound", info.inbound())
                .put("outbound", info.outbound()).put("ready", info.ready())
                .put("bytesSent", info.bytesSent()).put("bytesReceived", info.bytesReceived())
                .put("knownAddresses", info.knownAddresses()).put("droppedAnnouncements", info.droppedAnnouncements())
                .put("presyncs", info.presyncs()).put("presyncMemoryBytes", info.presyncMemoryBytes())
                .put("slowedPeers", info.slowedPeers()).put("droppedOverBudget", info.droppedOverBudget())
                .put("bans", bans)
                .put("bytesByType", bytesByType());
    }

    /** {"received": {type: bytes}, "sent": {type: bytes}}, type names in lower case (docs/metrics.md). */
    private JsonObject bytesByType() {
        JsonObject received = new JsonObject();
        JsonObject sent = new JsonObject();
        group.bytesByType().forEach((type, counts) -> {
            String name = type.name().toLowerCase(Locale.ROOT);
            received.put(name, counts[0]);
            sent.put(name, counts[1]);
        });
        return new JsonObject().put("received", received).put("sent", sent);
    }

    private JsonObject peers() {
        JsonArray list = new JsonArray();
        for (PeerGroup.PeerInfo peer : group.peerInfo()) {
            list.add(new JsonObject().put("id", peer.id()).put("address", peer.address()).put("inbound", peer.inbound())
                    .put("ready", peer.ready()).put("nodeId", peer.nodeId()).put("listenPort", peer.listenPort())
                    .put("startingHeight", peer.startingHeight()).put("bytesSent", peer.bytesSent())
                    .put("bytesReceived", peer.bytesReceived()).put("connectedSeconds", peer.connectedMillis() / 1000)
                    .put("pingMillis", peer.pingMillis()).put("banScore", peer.banScore())
                    .put("blocksInFlight", peer.blocksInFlight()).put("blocksReceived", peer.blocksReceived())
                    .put("txsReceived", peer.txsReceived())
                    .put("headersSync", new JsonObject().put("phase", peer.headersSync().phase())
                            .put("height", peer.headersSync().height()).put("work", peer.headersSync().work())
                            .put("memoryBytes", peer.headersSync().memoryBytes()))
                    .put("answers", new JsonObject().put("requestBytes", peer.answers().requestBytes())
                            .put("answerBytes", peer.answers().answerBytes())
                            .put("windowAnswerBytes", peer.answers().windowAnswerBytes())
                            .put("allowance", peer.answers().allowance()).put("slowed", peer.answers().slowed())
                            .put("waiting", peer.answers().waiting()))
                    .put("lastSendMillis", peer.lastSendMillis()).put("lastRecvMillis", peer.lastRecvMillis())
                    .put("minPingMillis", peer.minPingMillis()).put("protocolVersion", peer.protocolVersion())
                    .put("connectionType", peer.connectionType()).put("localAddress", peer.localAddress().orElse(null)));
        }
        return new JsonObject().put("peers", list);
    }
}
