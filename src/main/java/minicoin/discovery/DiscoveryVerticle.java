package minicoin.discovery;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import minicoin.bus.BusAddresses;
import minicoin.config.NodeConfig;
import minicoin.core.ConsensusParams;
import minicoin.crypto.PrivateKey;

/**
 * Kademlia over UDP: a thin shell around {@link Kademlia}. Deployed as a worker (its tasks run one at a time),
 * so signing and verifying packets never run on an event loop and the core sees one caller.
 */
public final class DiscoveryVerticle extends VerticleBase {

    /** How often the core checks timeouts and refreshes; well under its one-second request timeout. */
    static final long TICK_MILLIS = 200;
    /** Room for the largest packet (1,280 bytes) and then some; Vert.x's default of 2,048 would cut silently. */
    static final int RECEIVE_BUFFER_BYTES = 64 * 1024;
    /**
     * How long start() waits for the peer verticle to name its bound TCP port. It is deployed
     * before us in the same JVM, so it answers at once when it is there; a missing one fails at
     * once (no handler), and the timeout only bounds a stuck one.
     */
    static final long P2P_INFO_TIMEOUT_MILLIS = 1_000;

    /** Subnets {@code discovery.info} lists by places held: enough to show one network crowding the table. */
    static final int INFO_SUBNETS = 5;

    private static final Logger LOG = Logger.getLogger(DiscoveryVerticle.class.getName());

    private final RateLimiter rateLimiter;
    private final ReplayCache replays = new ReplayCache();
    private DatagramSocket socket;
    private Kademlia kademlia;
    private final Map<Drop.Reason, Long> drops = new EnumMap<>(Drop.Reason.class);
    private long received;
    private int magic;

    public DiscoveryVerticle() {
        this(new RateLimiter());
    }

    /** With the per-sender limit given; tests use a small one. */
    DiscoveryVerticle(RateLimiter rateLimiter) {
        this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
    }

    @Override
    public Future<?> start() throws Exception {
        NodeConfig config = NodeConfig.fromJson(config());
        BusAddresses addresses = new BusAddresses(config.node().busPrefix());
        magic = ConsensusParams.byName(config.network().id()).magic();
        PrivateKey key = NodeKey.loadOrCreate(config.dataDir(), new SecureRandom());
        Future<Integer> tcpPort = config.hasRole(NodeConfig.Role.P2P)
                ? boundTcpPort(addresses, config.p2p().port())
                : Future.succeededFuture(config.p2p().port());
        return tcpPort.compose(tcp -> listen(config, addresses, key, tcp));
    }

    /**
     * The TCP port the peer verticle is bound to (it differs from the configured one when that is
     * 0), or {@code configured} when it does not answer with a valid port.
     */
    private Future<Integer> boundTcpPort(BusAddresses addresses, int configured) {
        return vertx.eventBus().request(addresses.of(BusAddresses.P2P_INFO), new JsonObject(),
                        new DeliveryOptions().setSendTimeout(P2P_INFO_TIMEOUT_MILLIS))
                .map(reply -> tcpPortOf(reply.body()))
                .otherwise(failure -> {
                    LOG.fine(() -> "No TCP port from " + BusAddresses.P2P_INFO + " (" + failure.getMessage()
                            + "); advertising the configured " + configured);
                    return configured;
                });
    }

    /** The "port" of a P2P_INFO reply: a whole number 1..65535, or IllegalArgumentException. */
    static int tcpPortOf(Object body) {
        if (!(body instanceof JsonObject json)) {
            throw new IllegalArgumentException("the reply is not a JSON object");
        }
        Object port = json.getValue("port");
        if (!(port instanceof Integer || port instanceof Long)) {
            throw new IllegalArgumentException("the reply has no integer port: " + port);
        }
        long value = ((Number) port).longValue();
        if (value < 1 || value > NodeRecord.MAX_PORT) {
            throw new IllegalArgumentException("port " + value + " is not 1.." + NodeRecord.MAX_PORT);
        }
        return (int) value;
    }

    private Future<Integer> listen(NodeConfig config, BusAddresses addresses, PrivateKey key, int tcpPort) {
        NodeConfig.Discovery settings = config.discovery();
        socket = vertx.createDatagramSocket(new DatagramSocketOptions().setReceiveBufferSize(RECEIVE_BUFFER_BYTES));
        return socket.listen(settings.port(), settings.host()).map(listening -> {
            int port = listening.localAddress().port();
            String advertised = settings.advertisedHost().orElse(
                    settings.host().equals("0.0.0.0") || settings.host().equals("::") ? "127.0.0.1" : settings.host());
            NodeRecord self = new NodeRecord(NodeId.of(key.publicKey()), key.publicKey(), advertised, port, tcpPort);
            Transport transport = (packet, to) -> {
                PacketCodec.Sealed sealed = PacketCodec.encode(packet, key, magic,
                        nowSeconds() + PacketCodec.PACKET_LIFETIME_SECONDS);
                socket.send(Buffer.buffer(sealed.wire().toArray()), to.port(), to.host())
                        .onFailure(e -> LOG.fine(() -> "UDP send to " + to + " failed: " + e.getMessage()));
                return sealed.hash();
            };
            kademlia = new Kademlia(self, transport, System::currentTimeMillis, new SecureRandom(), node -> {
                LOG.fine(() -> "Discovered " + node);
                vertx.eventBus().publish(addresses.of(BusAddresses.DISCOVERY_NODE_FOUND), new JsonObject()
                        .put("id", node.id().hex()).put("host", node.host())
                        .put("udpPort", node.udpPort()).put("tcpPort", node.tcpPort()));
            });
            socket.handler(this::receive);
            vertx.setPeriodic(TICK_MILLIS, id -> kademlia.tick());
            vertx.eventBus().<JsonObject>consumer(addresses.of(BusAddresses.DISCOVERY_INFO), request -> request.reply(info()));
            List<Endpoint> bootstrap = settings.bootstrap().stream()
                    .map(endpoint -> new Endpoint(endpoint.host(), endpoint.port())).toList();
            kademlia.start(bootstrap);
            LOG.info(() -> "Discovery listening on UDP " + settings.host() + ":" + port + " as " + self.id()
                    + ", advertising TCP port " + tcpPort + ", bootstrapping from " + bootstrap);
            return port;
        });
    }

    @Override
    public Future<?> stop() {
        return socket == null ? Future.succeededFuture() : socket.close();
    }

    private void receive(DatagramPacket datagram) {
        received++;
        try {
            int port = datagram.sender().port();
            if (port < 1 || port > NodeRecord.MAX_PORT) {
                count(new Drop(Drop.Reason.MALFORMED, "source port " + port), datagram);
                return;
            }
            Endpoint from = new Endpoint(datagram.sender().host(), port);
            // Before decoding: verifying the signature is the cost a flood would impose.
            if (!rateLimiter.allow(from, System.nanoTime() / 1_000_000)) {
                count(new Drop(Drop.Reason.RATE_LIMITED, "over the per-sender limit"), datagram);
                return;
            }
            long now = nowSeconds();
            DecodeResult result = PacketCodec.decode(datagram.data().getBytes(), magic, now);
            if (result instanceof Envelope envelope) {
                // After verifying: only packets their sender really signed may take a place in the cache.
                if (replays.firstSeen(envelope.hash(), envelope.expiry(), now)) {
                    kademlia.onPacket(envelope, from);
                } else {
                    count(new Drop(Drop.Reason.REPLAYED, "seen already, valid until " + envelope.expiry()), datagram);
                }
            } else if (result instanceof Drop drop) {
                count(drop, datagram);
            }
        } catch (RuntimeException e) {
            // A bug in handling one packet must not take discovery down.
            LOG.log(Level.WARNING, "Discovery failed on a packet from " + datagram.sender(), e);
        }
    }

    private void count(Drop drop, DatagramPacket datagram) {
        drops.merge(drop.reason(), 1L, Long::sum);
        LOG.fine(() -> "Dropped a packet from " + datagram.sender() + ": " + drop.reason() + " " + drop.detail());
    }

    private JsonObject info() {
        JsonObject dropped = new JsonObject();
        drops.forEach((reason, count) -> dropped.put(reason.name(), count));
        JsonObject subnets = new JsonObject();
        kademlia.table().largestSubnets(INFO_SUBNETS).forEach((subnet, places) -> subnets.put(subnet.prefix(), places));
        return new JsonObject().put("nodeId", kademlia.self().id().hex())
                .put("udpPort", kademlia.self().udpPort())
                .put("tableSize", kademlia.table().size())
                .put("largestSubnets", subnets)
                .put("received", received)
                .put("dropped", dropped);
    }

    private static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }
}
