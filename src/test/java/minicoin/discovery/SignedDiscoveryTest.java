package minicoin.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import minicoin.crypto.PrivateKey;
import org.junit.jupiter.api.Test;

/**
 * A few nodes whose packets really are signed, encoded, decoded and verified by {@link PacketCodec},
 * as the UDP verticle will do: the protocol core and the codec fit together.
 */
class SignedDiscoveryTest {

    private static final int MAGIC = 0x4d494e49;
    private static final long EXPIRY_SECONDS = 20;

    private record Datagram(byte[] bytes, Endpoint from, Endpoint to) {
    }

    private final Random random = new Random(21);
    private final ArrayDeque<Datagram> wire = new ArrayDeque<>();
    private final Map<Endpoint, Kademlia> nodes = new HashMap<>();
    private final Map<Endpoint, Integer> magics = new HashMap<>();
    private final Map<Drop.Reason, Integer> drops = new EnumMap<>(Drop.Reason.class);
    private long nowMillis = 1_700_000_000_000L;

    private Kademlia node(int index, int magic) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        PrivateKey key = PrivateKey.fromBytes(secret);
        // A /24 per node, as distinct hosts on the internet: the table's subnet limits never bite.
        Endpoint endpoint = new Endpoint("10.0." + index + ".1", 5678);
        NodeRecord self = NodeRecord.of(key.publicKey(), endpoint, 5679);
        Kademlia node = new Kademlia(self, (packet, to) -> {
            PacketCodec.Sealed sealed = PacketCodec.encode(packet, key, magic, nowMillis / 1000 + EXPIRY_SECONDS);
            wire.add(new Datagram(sealed.wire().toArray(), endpoint, to));
            return sealed.hash();
        }, () -> nowMillis, new Random(index), record -> { });
        nodes.put(endpoint, node);
        magics.put(endpoint, magic);
        return node;
    }

    private void drain() {
        while (!wire.isEmpty()) {
            Datagram d = wire.poll();
            Kademlia to = nodes.get(d.to);
            DecodeResult result = PacketCodec.decode(d.bytes, magics.get(d.to), nowMillis / 1000);
            if (result instanceof Envelope envelope) {
                to.onPacket(envelope, d.from);
            } else if (result instanceof Drop drop) {
                drops.merge(drop.reason(), 1, Integer::sum);
            }
        }
    }

    @Test
    void nodesFindEachOtherOverSignedPacketsAndAnotherNetworkIsDropped() {
        Kademlia seed = node(1, MAGIC);
        seed.start(List.of());
        List<Kademlia> members = new ArrayList<>(List.of(seed));
        for (int i = 2; i <= 8; i++) {
            Kademlia member = node(i, MAGIC);
            member.start(List.of(seed.self().udpEndpoint()));
            drain();
            members.add(member);
        }
        Kademlia stranger = node(9, MAGIC + 1);
        stranger.start(List.of(seed.self().udpEndpoint()));
        drain();

        for (Kademlia member : members) {
            assertEquals(members.size() - 1, member.table().size(), member.self() + " knows every other member");
            assertTrue(member.table().all().stream().noneMatch(r -> r.id().equals(stranger.self().id())));
        }
        assertEquals(0, stranger.table().size());
        assertEquals(Map.of(Drop.Reason.WRONG_NETWORK, 1), drops, "only the stranger's PING was dropped");
    }

    @Test
    void packetsHeldPastTheirExpiryAreDropped() {
        Kademlia seed = node(1, MAGIC);
        Kademlia late = node(2, MAGIC);
        seed.start(List.of());
        late.start(List.of(seed.self().udpEndpoint()));
        nowMillis += (EXPIRY_SECONDS + 1) * 1000; // the PING sat in a queue too long
        drain();
        assertEquals(Map.of(Drop.Reason.EXPIRED, 1), drops);
        assertEquals(0, seed.table().size());
    }
}
