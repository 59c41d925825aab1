package minicoin.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import minicoin.bus.BusAddresses;
import minicoin.core.ConsensusParams;
import minicoin.crypto.Hashes;
import minicoin.crypto.PrivateKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Five real discovery services on loopback UDP find each other from one bootstrap address. */
class DiscoveryLoopbackTest {

    private static final int NODES = 5;

    @TempDir
    Path dataDir;

    private Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private JsonObject config(int i, int port, JsonArray bootstrap) {
        return new JsonObject().put("network", "regtest")
                .put("dataDir", dataDir.resolve("node" + i).toString())
                .put("node", new JsonObject().put("busPrefix", "node" + i))
                .put("roles", new JsonArray().add("discovery"))
                .put("discovery", new JsonObject().put("host", "127.0.0.1").put("port", port).put("bootstrap", bootstrap));
    }

    private void deploy(DiscoveryVerticle verticle, JsonObject config) throws Exception {
        String pool = "discovery-" + config.getJsonObject("node").getString("busPrefix");
        vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)
                        .setThreadingModel(ThreadingModel.WORKER).setWorkerPoolName(pool).setWorkerPoolSize(1))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private JsonObject info(int node) throws Exception {
        return vertx.eventBus().<JsonObject>request("node" + node + "." + BusAddresses.DISCOVERY_INFO, new JsonObject())
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).body();
    }

    /** Polls node 0's info until it has received {@code datagrams}, or 10 s have passed. */
    private JsonObject infoOnceReceived(long datagrams) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        JsonObject info = info(0);
        while (info.getLong("received") < datagrams && System.nanoTime() < deadline) {
            Thread.sleep(20);
            info = info(0);
        }
        return info;
    }

    /** Node 0 with the p2p role as well, its peer service configured on {@code tcpPort}. */
    private JsonObject configWithP2p(int udpPort, int tcpPort) {
        return config(0, udpPort, new JsonArray()).put("roles", new JsonArray().add("discovery").add("p2p"))
                .put("p2p", new JsonObject().put("host", "127.0.0.1").put("port", tcpPort));
    }

    /** Sends a signed PING to the node on {@code udpPort} and returns the TCP port its PONG advertises. */
    private static int advertisedTcpPort(int udpPort) throws Exception {
        PrivateKey key = PrivateKey.fromBytes(Hashes.sha256(new byte[] {7}));
        int magic = ConsensusParams.byName("regtest").magic();
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(10_000); // a missing answer ends the test with SocketTimeoutException
            byte[] ping = PacketCodec.encode(new Packet.Ping(0), key, magic, System.currentTimeMillis() / 1000 + 20)
                    .wire().toArray();
            socket.send(new DatagramPacket(ping, ping.length, InetAddress.getLoopbackAddress(), udpPort));
            byte[] buffer = new byte[PacketCodec.MAX_PACKET_BYTES];
            while (true) { // its PING back comes first, then the PONG
                DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
                socket.receive(datagram);
                DecodeResult result = PacketCodec.decode(Arrays.copyOf(buffer, datagram.getLength()), magic,
                        System.currentTimeMillis() / 1000);
                if (result instanceof Envelope envelope && envelope.packet() instanceof Packet.Pong pong) {
                    return pong.tcpPort();
                }
            }
        }
    }

    @Test
    void advertisesTheTcpPortThePeerServiceReportsOnTheBus() throws Exception {
        int udpPort = freeUdpPort();
        vertx.eventBus().<JsonObject>consumer("node0." + BusAddresses.P2P_INFO,
                request -> request.reply(new JsonObject().put("port", 40_123).put("connections", 0)));
        deploy(new DiscoveryVerticle(), configWithP2p(udpPort, 0));
        assertEquals(40_123, advertisedTcpPort(udpPort));
    }

    @Test
    void withoutAPeerServiceAdvertisesTheConfiguredTcpPort() throws Exception {
        int udpPort = freeUdpPort();
        deploy(new DiscoveryVerticle(), configWithP2p(udpPort, 4_321));
        assertEquals(4_321, advertisedTcpPort(udpPort));
    }

    @Test
    void anInvalidPortFromThePeerServiceIsNotAdvertised() throws Exception {
        int udpPort = freeUdpPort();
        vertx.eventBus().<JsonObject>consumer("node0." + BusAddresses.P2P_INFO,
                request -> request.reply(new JsonObject().put("port", 70_000)));
        deploy(new DiscoveryVerticle(), configWithP2p(udpPort, 4_321));
        assertEquals(4_321, advertisedTcpPort(udpPort));
    }

    @Test
    void floodFromOneSenderIsRateLimitedBeforeDecoding() throws Exception {
        int port = freeUdpPort();
        // Five packets per sender, then next to nothing: the count is exact whatever the timing.
        deploy(new DiscoveryVerticle(new RateLimiter(5, 0.001, 100)), config(0, port, new JsonArray()));
        InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        byte[] junk = {1, 2, 3};
        try (DatagramSocket flooder = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                DatagramSocket other = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < 20; i++) {
                flooder.send(new DatagramPacket(junk, junk.length, target));
            }
            JsonObject info = infoOnceReceived(20);
            assertEquals(20, info.getLong("received"));
            JsonObject dropped = info.getJsonObject("dropped");
            assertEquals(5, dropped.getLong(Drop.Reason.MALFORMED.name()), "the burst reached the decoder");
            assertEquals(15, dropped.getLong(Drop.Reason.RATE_LIMITED.name()));
            other.send(new DatagramPacket(junk, junk.length, target));
            info = infoOnceReceived(21);
            assertEquals(6, info.getJsonObject("dropped").getLong(Drop.Reason.MALFORMED.name()),
                    "another sender has its own bucket");
        }
    }

    @Test
    void fiveNodesFindEachOtherFromOneBootstrap() throws Exception {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            ports.add(freeUdpPort());
        }
        Set<String> published = new HashSet<>();
        vertx.eventBus().<JsonObject>consumer("node0." + BusAddresses.DISCOVERY_NODE_FOUND,
                found -> published.add(found.body().getString("id")));
        for (int i = 0; i < NODES; i++) {
            JsonArray bootstrap = i == 0 ? new JsonArray() : new JsonArray().add("127.0.0.1:" + ports.get(0));
            deploy(new DiscoveryVerticle(), config(i, ports.get(i), bootstrap));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int smallest = 0;
        while (System.nanoTime() < deadline) {
            smallest = Integer.MAX_VALUE;
            for (int i = 0; i < NODES; i++) {
                JsonObject info = info(i);
                smallest = Math.min(smallest, info.getInteger("tableSize"));
            }
            if (smallest >= NODES - 1) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals(NODES - 1, smallest, "every node knows every other");
        assertTrue(published.size() >= NODES - 1, "the seed published each node it verified: " + published.size());
    }

    @Test
    void aReplayedPacketIsDroppedByTheRunningService() throws Exception {
        int port = freeUdpPort();
        deploy(new DiscoveryVerticle(), config(0, port, new JsonArray()));
        PrivateKey key = PrivateKey.fromBytes(Hashes.sha256(new byte[] {8}));
        int magic = ConsensusParams.byName("regtest").magic();
        byte[] ping = PacketCodec.encode(new Packet.Ping(0), key, magic, System.currentTimeMillis() / 1000 + 20)
                .wire().toArray();
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < 3; i++) { // the packet, then the same bytes twice more, as a replayer would send them
                socket.send(new DatagramPacket(ping, ping.length, InetAddress.getLoopbackAddress(), port));
            }
            JsonObject info = infoOnceReceived(3);
            assertEquals(3, info.getLong("received"));
            assertEquals(2, info.getJsonObject("dropped").getLong("REPLAYED"), info::encode);
        }
    }

    /**
     * Bonds a node of its own key from {@code socket} with the node on {@code port}: PINGs it, then
     * answers its PING back with a PONG, as a real node (or an attacker's script) does.
     */
    private static void bond(DatagramSocket socket, PrivateKey key, int port) throws Exception {
        int magic = ConsensusParams.byName("regtest").magic();
        InetAddress target = InetAddress.getLoopbackAddress();
        byte[] ping = PacketCodec.encode(new Packet.Ping(0), key, magic, System.currentTimeMillis() / 1000 + 20)
                .wire().toArray();
        socket.setSoTimeout(10_000);
        socket.send(new DatagramPacket(ping, ping.length, target, port));
        byte[] buffer = new byte[PacketCodec.MAX_PACKET_BYTES];
        while (true) {
            DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
            socket.receive(datagram);
            DecodeResult result = PacketCodec.decode(Arrays.copyOf(buffer, datagram.getLength()), magic,
                    System.currentTimeMillis() / 1000);
            if (result instanceof Envelope envelope && envelope.packet() instanceof Packet.Ping) {
                byte[] pong = PacketCodec.encode(new Packet.Pong(envelope.hash(), 0), key, magic,
                        System.currentTimeMillis() / 1000 + 20).wire().toArray();
                socket.send(new DatagramPacket(pong, pong.length, target, port));
                return;
            }
        }
    }

    @Test
    void manyIdsFromOneSlash24CannotFillTheTable() throws Exception {
        int port = freeUdpPort();
        // 127.0.0.2 stands for one host of the internet, 127.0.y.1 for other networks: only 127.0.0.1 is exempt.
        deploy(new DiscoveryVerticle(), config(0, port, new JsonArray()));
        int ids = 30;
        for (int i = 0; i < ids; i++) { // one host, one UDP port and id each: the attack of issue 11, scaled down
            try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName("127.0.0.2"))) {
                bond(socket, PrivateKey.fromBytes(Hashes.sha256(new byte[] {9, (byte) i})), port);
            }
        }
        int honest = 3;
        for (int i = 0; i < honest; i++) {
            try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName("127.0." + (i + 1) + ".1"))) {
                bond(socket, PrivateKey.fromBytes(Hashes.sha256(new byte[] {10, (byte) i})), port);
            }
        }
        JsonObject info = infoOnceReceived(2L * (ids + honest));
        assertEquals(0, info.getJsonObject("dropped").size(), info::encode);
        int size = info.getInteger("tableSize");
        assertTrue(size <= SubnetLimits.PER_TABLE + honest, "the table took " + size + " of " + (ids + honest));
        assertTrue(size >= honest + SubnetLimits.PER_BUCKET, "nodes of other networks still get in: " + size);
        int attacker = info.getJsonObject("largestSubnets").getInteger("127.0.0.0/24");
        assertTrue(attacker >= SubnetLimits.PER_BUCKET && attacker <= SubnetLimits.PER_TABLE, info::encode);
    }
}
