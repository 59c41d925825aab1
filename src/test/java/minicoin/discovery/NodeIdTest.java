package minicoin.discovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import minicoin.crypto.Hashes;
import minicoin.crypto.PrivateKey;
import org.junit.jupiter.api.Test;

class NodeIdTest {

    private static NodeId id(int... leading) {
        byte[] b = new byte[32];
        for (int i = 0; i < leading.length; i++) {
            b[i] = (byte) leading[i];
        }
        return NodeId.fromBytes(b);
    }

    @Test
    void idIsSha256OfCompressedPublicKey() {
        PrivateKey key = PrivateKey.fromBytes(Hashes.sha256(new byte[] {1}));
        assertArrayEquals(Hashes.sha256(key.publicKey().toBytes()), NodeId.of(key.publicKey()).toBytes());
    }

    @Test
    void logDistanceCountsFromTheHighestDifferingBit() {
        NodeId zero = id();
        assertEquals(0, zero.logDistance(zero));
        assertEquals(256, zero.logDistance(id(0x80)));
        assertEquals(249, zero.logDistance(id(0x01)));
        assertEquals(248, zero.logDistance(id(0x00, 0xff)));
        byte[] last = new byte[32];
        last[31] = 1;
        assertEquals(1, zero.logDistance(NodeId.fromBytes(last)));
        assertEquals(id(0x80).logDistance(zero), zero.logDistance(id(0x80)));
    }

    @Test
    void distanceIsXor() {
        assertArrayEquals(id(0x0f, 0xf0).toBytes(), id(0xff, 0xff).distance(id(0xf0, 0x0f)));
    }

    @Test
    void sortsByXorDistanceNotNumericDistance() {
        NodeId target = id(0x80);
        List<NodeId> ids = new ArrayList<>(List.of(id(0x00), id(0x7f), id(0x81), id(0xc0), id(0x80)));
        ids.sort(target.byDistance());
        assertEquals(List.of(id(0x80), id(0x81), id(0xc0), id(0x00), id(0x7f)), ids);
    }

    @Test
    void compareDistanceAgreesWithBigIntegerXor() {
        Random random = new Random(7);
        for (int i = 0; i < 1000; i++) {
            NodeId t = NodeId.random(random);
            NodeId a = NodeId.random(random);
            NodeId b = NodeId.random(random);
            int expected = new java.math.BigInteger(1, t.distance(a)).compareTo(new java.math.BigInteger(1, t.distance(b)));
            assertEquals(Integer.signum(expected), Integer.signum(t.compareDistance(a, b)));
        }
    }

    @Test
    void refusesWrongLength() {
        assertThrows(IllegalArgumentException.class, () -> NodeId.fromBytes(new byte[31]));
        assertTrue(id(1).equals(id(1)));
    }
}
