package minicoin.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import minicoin.core.Bytes;
import minicoin.crypto.PrivateKey;
import org.junit.jupiter.api.Test;

class KademliaTest {

    record Sent(Packet packet, Endpoint to, Bytes hash) {
    }

    private final Random random = new Random(11);
    private final List<Sent> sent = new ArrayList<>();
    private final List<NodeRecord> verified = new ArrayList<>();
    private long now = 5_000_000;
    private long counter;
    private final NodeRecord self = NodeRecord.of(key().publicKey(), "10.0.0.1", 5678, 5679);
    private final Kademlia node = new Kademlia(self, this::send, () -> now, new Random(1), verified::add);

    private Bytes send(Packet packet, Endpoint to) {
        Bytes hash = Bytes.of(ByteBuffer.allocate(32).putLong(++counter).array());
        sent.add(new Sent(packet, to, hash));
        return hash;
    }

    private PrivateKey key() {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return PrivateKey.fromBytes(secret);
    }

    /** A remote node: its key and the endpoint it sends from. */
    private record Peer(PrivateKey key, Endpoint endpoint) {
        NodeRecord record() {
            return NodeRecord.of(key.publicKey(), endpoint, 7000);
        }
    }

    private int peers;

    private Peer peer() {
        peers++;
        // Each peer a host of its own /24, as distinct nodes on the internet are: see SubnetLimits.
        return new Peer(key(), new Endpoint("10.1." + peers + ".1", 5678));
    }

    private Bytes receive(Peer from, Packet packet) {
        Bytes hash = Bytes.of(ByteBuffer.allocate(32).putLong(1L << 40 | ++counter).array());
        node.onPacket(new Envelope(from.key.publicKey(), NodeId.of(from.key.publicKey()), 0, packet, hash), from.endpoint);
        return hash;
    }

    private List<Sent> sentTo(Endpoint to, Class<? extends Packet> type) {
        return sent.stream().filter(s -> s.to.equals(to) && type.isInstance(s.packet)).toList();
    }

    /** Runs the two-way bond: the peer pings us, we pong and ping back, it pongs. */
    private void verify(Peer peer) {
        receive(peer, new Packet.Ping(7000));
        List<Sent> pings = sentTo(peer.endpoint, Packet.Ping.class);
        receive(peer, new Packet.Pong(pings.get(pings.size() - 1).hash, 7000));
    }

    @Test
    void pingIsAnsweredWithPongEchoingItsHashAndAPingBack() {
        Peer peer = peer();
        Bytes pingHash = receive(peer, new Packet.Ping(7000));
        Packet.Pong pong = (Packet.Pong) sentTo(peer.endpoint, Packet.Pong.class).get(0).packet;
        assertEquals(pingHash, pong.pingHash());
        assertEquals(self.tcpPort(), pong.tcpPort());
        assertEquals(1, sentTo(peer.endpoint, Packet.Ping.class).size(), "unverified sender is pinged back");
        assertEquals(0, node.table().size(), "a PING alone verifies nothing");
    }

    @Test
    void pongToOurPingVerifiesTheNodeOnce() {
        Peer peer = peer();
        verify(peer);
        assertEquals(List.of(peer.record()), verified);
        assertTrue(node.table().contains(peer.record().id()));
        assertEquals(peer.record(), node.table().get(peer.record().id()).orElseThrow());
        // A later PING does not re-announce it, nor ping back while the bond is fresh.
        int pingsBefore = sentTo(peer.endpoint, Packet.Ping.class).size();
        receive(peer, new Packet.Ping(7000));
        assertEquals(1, verified.size());
        assertEquals(pingsBefore, sentTo(peer.endpoint, Packet.Ping.class).size());
    }

    @Test
    void unsolicitedOrMisdirectedPongIsIgnored() {
        Peer peer = peer();
        Peer impostor = peer();
        receive(peer, new Packet.Pong(Bytes.of(new byte[32]), 7000));
        node.start(List.of(peer.endpoint));
        Bytes pingHash = sentTo(peer.endpoint, Packet.Ping.class).get(0).hash;
        receive(impostor, new Packet.Pong(pingHash, 7000)); // right hash, wrong endpoint
        assertEquals(0, node.table().size());
        assertTrue(verified.isEmpty());
    }

    @Test
    void findNodeFromAnUnverifiedEndpointIsNotAnswered() {
        verify(peer());
        Peer stranger = peer();
        receive(stranger, new Packet.FindNode(NodeId.random(random)));
        assertTrue(sentTo(stranger.endpoint, Packet.Neighbors.class).isEmpty(), "no amplification");
    }

    @Test
    void findNodeFromAVerifiedEndpointGetsTheKClosestVerifiedNodesInTwoPackets() {
        List<Peer> known = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Peer p = peer();
            verify(p);
            known.add(p);
        }
        Peer asker = known.get(0);
        NodeId target = NodeId.random(random);
        receive(asker, new Packet.FindNode(target));
        List<Sent> answers = sentTo(asker.endpoint, Packet.Neighbors.class);
        assertEquals(2, answers.size());
        List<NodeRecord> expected = known.stream().map(Peer::record)
                .sorted(Comparator.comparing(NodeRecord::id, target.byDistance())).limit(RoutingTable.K).toList();
        List<NodeRecord> answered = new ArrayList<>();
        for (Sent answer : answers) {
            Packet.Neighbors part = (Packet.Neighbors) answer.packet;
            assertEquals(RoutingTable.K, part.total());
            answered.addAll(part.nodes());
        }
        assertEquals(expected, answered);
    }

    @Test
    void findNodeWithFewerThanKKnownIsAnsweredInOnePacket() {
        Peer asker = peer();
        verify(asker);
        Peer other = peer();
        verify(other);
        receive(asker, new Packet.FindNode(NodeId.random(random)));
        List<Sent> answers = sentTo(asker.endpoint, Packet.Neighbors.class);
        assertEquals(1, answers.size());
        assertEquals(2, ((Packet.Neighbors) answers.get(0).packet).total());
    }

    /** Bonds with {@code seed} as a bootstrap node and returns the self-lookup's FIND_NODE to it. */
    private void bootstrapFrom(Peer seed) {
        node.start(List.of(seed.endpoint));
        receive(seed, new Packet.Pong(sentTo(seed.endpoint, Packet.Ping.class).get(0).hash, 7000));
        receive(seed, new Packet.Ping(7000));
        assertEquals(1, sentTo(seed.endpoint, Packet.FindNode.class).size());
    }

    @Test
    void lookupTakesBothPartsOfOneAnswerAndNoMore() {
        Peer seed = peer();
        bootstrapFrom(seed);
        List<Peer> answer = new ArrayList<>();
        for (int i = 0; i < RoutingTable.K + 1; i++) {
            answer.add(peer());
        }
        List<NodeRecord> records = answer.stream().map(Peer::record).toList();
        List<Packet.Neighbors> parts = Packet.Neighbors.split(records.subList(0, RoutingTable.K));
        assertEquals(2, parts.size());
        receive(seed, parts.get(0));
        assertEquals(1, node.activeLookups(), "the self-lookup waits for the rest of the answer");
        receive(seed, parts.get(1));
        for (Peer p : answer.subList(0, RoutingTable.K)) {
            assertEquals(1, sentTo(p.endpoint, Packet.Ping.class).size(), "every node of both parts is pinged");
        }
        // The answer is complete: a third part is unsolicited.
        receive(seed, new Packet.Neighbors(RoutingTable.K, List.of(records.get(RoutingTable.K))));
        assertTrue(sentTo(answer.get(RoutingTable.K).endpoint, Packet.Ping.class).isEmpty());
    }

    @Test
    void anAnswerMissingItsSecondPartCountsOnceTheRequestTimesOut() {
        Peer seed = peer();
        AtomicReference<LookupResult> result = new AtomicReference<>();
        bootstrapFrom(seed);
        node.lookup(NodeId.random(random), result::set);
        List<Sent> finds = sentTo(seed.endpoint, Packet.FindNode.class);
        assertEquals(2, finds.size());
        receive(seed, new Packet.Neighbors(List.of())); // the self-lookup's answer: empty
        receive(seed, new Packet.Neighbors(RoutingTable.K, List.of(peer().record()))); // a first part only
        assertNull(result.get(), "waiting for the second part");
        now += Kademlia.REQUEST_TIMEOUT_MILLIS;
        node.tick();
        now += Kademlia.REQUEST_TIMEOUT_MILLIS * 2;
        node.tick();
        assertNotNull(result.get());
        assertEquals(List.of(seed.record()), result.get().closest(), "the seed answered, if only in part");
    }

    @Test
    void findNodeIsRefusedOnceTheBondExpires() {
        Peer peer = peer();
        verify(peer);
        now += Kademlia.BOND_EXPIRY_MILLIS + 1;
        receive(peer, new Packet.FindNode(NodeId.random(random)));
        assertTrue(sentTo(peer.endpoint, Packet.Neighbors.class).isEmpty());
    }

    @Test
    void selfLookupAsksTheBootstrapNodeOnceItHasPingedUs() {
        Peer seed = peer();
        node.start(List.of(seed.endpoint));
        receive(seed, new Packet.Pong(sentTo(seed.endpoint, Packet.Ping.class).get(0).hash, 7000));
        assertEquals(List.of(seed.record()), verified);
        assertTrue(sentTo(seed.endpoint, Packet.FindNode.class).isEmpty(), "seed has not verified us yet");
        receive(seed, new Packet.Ping(7000));
        List<Sent> finds = sentTo(seed.endpoint, Packet.FindNode.class);
        assertEquals(1, finds.size());
        assertEquals(self.id(), ((Packet.FindNode) finds.get(0).packet).target());
    }

    @Test
    void neighborsAreUsedOnlyWhenAskedForAndUnknownNodesArePinged() {
        Peer seed = peer();
        node.start(List.of(seed.endpoint));
        receive(seed, new Packet.Pong(sentTo(seed.endpoint, Packet.Ping.class).get(0).hash, 7000));
        Peer stranger = peer();
        int sentBefore = sent.size();
        receive(stranger, new Packet.Neighbors(List.of(peer().record())));
        receive(seed, new Packet.Neighbors(List.of(peer().record()))); // seed was not asked yet either
        assertEquals(sentBefore, sent.size(), "unsolicited NEIGHBORS are ignored");
        receive(seed, new Packet.Ping(7000));
        Peer fresh = peer();
        receive(seed, new Packet.Neighbors(List.of(fresh.record(), self)));
        assertEquals(1, sentTo(fresh.endpoint, Packet.Ping.class).size(), "an unknown neighbor is pinged to verify it");
        assertFalse(node.table().contains(fresh.record().id()), "and not trusted before it answers");
    }

    @Test
    void fullBucketEvictsOldestOnlyWhenItFailsToAnswer() {
        List<Peer> far = new ArrayList<>();
        while (far.size() < RoutingTable.K + 2) {
            Peer p = peer();
            if (node.table().bucketIndex(p.record().id()) == NodeId.BITS - 1) {
                far.add(p);
            }
        }
        for (int i = 0; i <= RoutingTable.K; i++) {
            verify(far.get(i));
        }
        Peer oldest = far.get(0);
        Peer newcomer = far.get(RoutingTable.K);
        assertFalse(node.table().contains(newcomer.record().id()));
        List<Sent> probes = sentTo(oldest.endpoint, Packet.Ping.class);
        assertEquals(2, probes.size(), "oldest pinged for liveness");

        // It answers: it stays, the newcomer waits.
        receive(oldest, new Packet.Pong(probes.get(1).hash, 7000));
        assertTrue(node.table().contains(oldest.record().id()));
        assertFalse(node.table().contains(newcomer.record().id()));

        // A further newcomer probes the next oldest, which stays silent past the timeout and the retry.
        verify(far.get(RoutingTable.K + 1));
        Peer silent = far.get(1);
        assertEquals(2, sentTo(silent.endpoint, Packet.Ping.class).size());
        now += Kademlia.REQUEST_TIMEOUT_MILLIS;
        node.tick();
        assertTrue(node.table().contains(silent.record().id()), "one miss is not enough");
        assertEquals(3, sentTo(silent.endpoint, Packet.Ping.class).size(), "pinged again");
        now += Kademlia.REQUEST_TIMEOUT_MILLIS;
        node.tick();
        assertFalse(node.table().contains(silent.record().id()));
        assertTrue(node.table().contains(far.get(RoutingTable.K + 1).record().id()), "newest candidate promoted");
        assertEquals(RoutingTable.K, node.table().size());
    }

    @Test
    void oneLostPingDoesNotEvictALiveEntry() {
        List<Peer> far = new ArrayList<>();
        while (far.size() < RoutingTable.K + 2) {
            Peer p = peer();
            if (node.table().bucketIndex(p.record().id()) == NodeId.BITS - 1) {
                far.add(p);
            }
        }
        for (int i = 0; i <= RoutingTable.K; i++) {
            verify(far.get(i));
        }
        Peer oldest = far.get(0);
        // The liveness PING (or its PONG) is lost on the way.
        now += Kademlia.REQUEST_TIMEOUT_MILLIS;
        node.tick();
        assertTrue(node.table().contains(oldest.record().id()));
        assertEquals(1, node.table().missedPings(oldest.record().id()));
        List<Sent> probes = sentTo(oldest.endpoint, Packet.Ping.class);
        assertEquals(3, probes.size(), "bond, liveness check, retry");
        receive(oldest, new Packet.Pong(probes.get(2).hash, 7000)); // the retry is answered
        assertTrue(node.table().contains(oldest.record().id()));
        assertEquals(0, node.table().missedPings(oldest.record().id()), "an answer clears the count");
        assertFalse(node.table().contains(far.get(RoutingTable.K).record().id()), "the newcomer still waits");
        assertEquals(RoutingTable.K, node.table().size());
    }

    @Test
    void lookupsRouteAroundDeadNodesAfterTimeouts() {
        SimulatedNetwork net = new SimulatedNetwork(3);
        Kademlia seed = net.addNode();
        seed.start(List.of());
        for (int i = 1; i < 200; i++) {
            net.addNode().start(List.of(seed.self().udpEndpoint()));
            net.drain();
        }
        for (int i = 1; i < 200; i += 5) {
            net.dead.add(net.inOrder.get(i).self().udpEndpoint());
        }
        for (int round = 0; round < 20; round++) {
            Kademlia from = net.inOrder.get(2 + 5 * net.random.nextInt(39));
            NodeId target = NodeId.random(net.random);
            AtomicReference<LookupResult> result = new AtomicReference<>();
            from.lookup(target, result::set);
            net.drain();
            for (int t = 0; t < 10 && result.get() == null; t++) {
                net.tickAll(Kademlia.REQUEST_TIMEOUT_MILLIS);
            }
            assertNotNull(result.get(), "lookup finished despite dead nodes");
            NodeRecord closestLive = net.inOrder.stream().filter(n -> n != from)
                    .map(Kademlia::self).filter(r -> !net.dead.contains(r.udpEndpoint()))
                    .min(Comparator.comparing(NodeRecord::id, target.byDistance())).orElseThrow();
            assertEquals(closestLive, result.get().closest().get(0));
            assertTrue(result.get().closest().stream().noneMatch(r -> net.dead.contains(r.udpEndpoint())));
        }
    }

    @Test
    void identicalPingsToTwoNodesAreEachMatchedToTheirOwnPong() {
        // A PING names no recipient: two signed by one key in the same second are the same bytes and hash.
        Bytes sameHash = Bytes.of(new byte[32]);
        Kademlia twin = new Kademlia(self, (packet, to) -> {
            sent.add(new Sent(packet, to, sameHash));
            return sameHash;
        }, () -> now, new Random(2), verified::add);
        Peer a = peer();
        Peer b = peer();
        twin.start(List.of(a.endpoint, b.endpoint));
        for (Peer p : List.of(a, b)) {
            twin.onPacket(new Envelope(p.key.publicKey(), p.record().id(), 0, new Packet.Pong(sameHash, 7000), sameHash),
                    p.endpoint);
        }
        assertEquals(List.of(a.record(), b.record()), verified);
    }

    private List<NodeId> findNodeTargets(Endpoint to) {
        return sentTo(to, Packet.FindNode.class).stream().map(sent -> ((Packet.FindNode) sent.packet).target()).toList();
    }

    @Test
    void tickRefreshesWithALookupOfARandomTarget() {
        List<Peer> known = new ArrayList<>();
        for (int i = 0; i < RoutingTable.K; i++) { // a full table: no sparse-table self-lookups
            Peer p = peer();
            verify(p);
            known.add(p);
        }
        now += Kademlia.REFRESH_INTERVAL_MILLIS - 1;
        node.tick();
        assertTrue(known.stream().allMatch(p -> findNodeTargets(p.endpoint).isEmpty()), "not yet");
        now += 1;
        node.tick();
        List<NodeId> targets = known.stream().flatMap(p -> findNodeTargets(p.endpoint).stream()).distinct().toList();
        assertEquals(1, targets.size());
        assertFalse(targets.get(0).equals(self.id()), "a random target");
        assertEquals(1, node.activeLookups());
        // Unanswered, it asks ALPHA nodes at a time until the k closest have all timed out.
        for (int round = 0; round < RoutingTable.K && node.activeLookups() > 0; round++) {
            now += Kademlia.REQUEST_TIMEOUT_MILLIS;
            node.tick();
        }
        assertEquals(0, node.activeLookups(), "an unanswered lookup ends at its timeouts");
    }

    @Test
    void aSparseTableRepeatsTheSelfLookupBackingOff() {
        Peer seed = peer();
        bootstrapFrom(seed); // self-lookup 1, at once
        List<Sent> pings = sentTo(seed.endpoint, Packet.Ping.class);
        receive(seed, new Packet.Pong(pings.get(pings.size() - 1).hash, 7000)); // the bond PING of the lookup
        receive(seed, new Packet.Neighbors(List.of())); // a seed that knows nobody yet
        assertEquals(1, findNodeTargets(seed.endpoint).size());
        long delay = Kademlia.SPARSE_LOOKUP_FIRST_DELAY_MILLIS;
        long started = now;
        for (int repeat = 2; repeat <= 4; repeat++) {
            now = started + delay - 1;
            node.tick();
            assertEquals(repeat - 1, findNodeTargets(seed.endpoint).size(), "not yet");
            now = started + delay;
            node.tick();
            assertEquals(List.of(self.id()), findNodeTargets(seed.endpoint).stream().distinct().toList());
            assertEquals(repeat, findNodeTargets(seed.endpoint).size(), "self-lookup " + repeat);
            receive(seed, new Packet.Neighbors(List.of()));
            started = now;
            delay *= 2;
        }
    }

    @Test
    void aTableOfKNodesDoesNotRepeatTheSelfLookup() {
        List<Peer> known = new ArrayList<>();
        for (int i = 0; i < RoutingTable.K; i++) {
            Peer p = peer();
            verify(p);
            known.add(p);
        }
        assertEquals(RoutingTable.K, node.table().size());
        now += Kademlia.SPARSE_LOOKUP_FIRST_DELAY_MILLIS * 8;
        node.tick();
        assertTrue(known.stream().allMatch(p -> findNodeTargets(p.endpoint).isEmpty()));
    }

    @Test
    void emptyTableRetriesTheBootstrapList() {
        Peer seed = peer();
        node.start(List.of(seed.endpoint));
        assertEquals(1, sentTo(seed.endpoint, Packet.Ping.class).size());
        now += Kademlia.REQUEST_TIMEOUT_MILLIS;
        node.tick();
        now += 30_000;
        node.tick();
        assertEquals(2, sentTo(seed.endpoint, Packet.Ping.class).size());
        assertInstanceOf(Packet.Ping.class, sent.get(sent.size() - 1).packet);
    }

    @Test
    void nodesTheTableRefusesForTheirSubnetAreNotPublished() {
        for (int i = 0; i < 30; i++) { // thirty ids from one host, one UDP port each
            verify(new Peer(key(), new Endpoint("203.0.113.7", 20_000 + i)));
        }
        assertTrue(node.table().size() <= SubnetLimits.PER_TABLE, "table holds " + node.table().size());
        assertEquals(node.table().size(), verified.size(), "only the nodes the table took are offered to peers");
        assertTrue(node.table().all().containsAll(verified));
    }
}
