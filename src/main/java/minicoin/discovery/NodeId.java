package minicoin.discovery;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Random;
import minicoin.crypto.Hashes;
import minicoin.crypto.PublicKey;

/** A 256-bit Kademlia node id: SHA-256 of the node's 33-byte compressed public key. */
public final class NodeId {

    public static final int BYTES = 32;
    public static final int BITS = BYTES * 8;

    private final byte[] bytes;

    private NodeId(byte[] bytes) {
        this.bytes = bytes;
    }

    public static NodeId of(PublicKey key) {
        return new NodeId(Hashes.sha256(key.toBytes()));
    }

    public static NodeId fromBytes(byte[] bytes32) {
        if (bytes32 == null || bytes32.length != BYTES) {
            throw new IllegalArgumentException("a node id is " + BYTES + " bytes");
        }
        return new NodeId(bytes32.clone());
    }

    /** A uniformly random id, for refresh lookups and tests. */
    public static NodeId random(Random random) {
        byte[] b = new byte[BYTES];
        random.nextBytes(b);
        return new NodeId(b);
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    /** The XOR distance to {@code other}, big-endian. */
    public byte[] distance(NodeId other) {
        byte[] d = new byte[BYTES];
        for (int i = 0; i < BYTES; i++) {
            d[i] = (byte) (bytes[i] ^ other.bytes[i]);
        }
        return d;
    }

    /**
     * The log distance: the position (1..256) of the highest set bit of the XOR distance, 0 when
     * the ids are equal. Nodes at log distance {@code d} share exactly {@code 256 - d} leading bits.
     */
    public int logDistance(NodeId other) {
        for (int i = 0; i < BYTES; i++) {
            int x = (bytes[i] ^ other.bytes[i]) & 0xff;
            if (x != 0) {
                return (BYTES - i) * 8 - (Integer.numberOfLeadingZeros(x) - 24);
            }
        }
        return 0;
    }

    /** Negative when {@code a} is closer to this id than {@code b}, zero when equally close (a equals b). */
    public int compareDistance(NodeId a, NodeId b) {
        for (int i = 0; i < BYTES; i++) {
            int da = (a.bytes[i] ^ bytes[i]) & 0xff;
            int db = (b.bytes[i] ^ bytes[i]) & 0xff;
            if (da != db) {
                return Integer.compare(da, db);
            }
        }
        return 0;
    }

    /** Orders ids by XOR distance to this one, closest first. */
    public Comparator<NodeId> byDistance() {
        return this::compareDistance;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NodeId that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        // The id is already a uniform hash; its first four bytes are as good a hash code as any.
        return (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public String toString() {
        return "NodeId[" + hex().substring(0, 16) + "…]";
    }
}
