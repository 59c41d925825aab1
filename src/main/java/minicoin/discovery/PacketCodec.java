package minicoin.discovery;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import minicoin.core.Bytes;
import minicoin.crypto.Hashes;
import minicoin.crypto.PrivateKey;
import minicoin.crypto.PublicKey;
import minicoin.crypto.Signatures;

/**
 * The one wire format of discovery, big-endian:
 * <pre>
 *   magic u32 | type u8 | sender public key (33) | expiry u32 unix seconds | payload | DER signature
 * </pre>
 * The signature is over SHA-256 of every byte before it. Payloads:
 * <ul>
 *   <li>PING: tcpPort u16</li>
 *   <li>PONG: pingHash (32) | tcpPort u16</li>
 *   <li>FIND_NODE: target (32)</li>
 *   <li>NEIGHBORS: total u8 (≤ 16, the nodes of the whole answer) | count u8 (≤ 12, ≤ total), then per
 *       node: key (33) | hostLength u8 | host ASCII | udpPort u16 | tcpPort u16</li>
 * </ul>
 * Decoding is strict (no trailing bytes, no unknown types, canonical fields) and never throws on
 * hostile bytes: every failure is a {@link Drop}.
 */
public final class PacketCodec {

    /** The IPv6 minimum MTU: a datagram this size is never fragmented, so nothing larger is accepted. */
    public static final int MAX_PACKET_BYTES = 1_280;
    /**
     * How long a packet we send stays valid: geth's discv4 expiration, ample for any delay a
     * datagram sees on its way, short enough that a captured packet is soon worthless.
     */
    public static final long PACKET_LIFETIME_SECONDS = 20;
    /** How far a sender's clock may run ahead of ours: NTP-less hosts drift by seconds, not minutes. */
    public static final long MAX_CLOCK_AHEAD_SECONDS = 10;
    /**
     * The furthest expiry accepted, from now. Any accepted packet thus expires within this long,
     * which bounds how long a {@link ReplayCache} must remember it.
     */
    public static final long MAX_EXPIRY_AHEAD_SECONDS = PACKET_LIFETIME_SECONDS + MAX_CLOCK_AHEAD_SECONDS;
    /** magic (4) + type (1) + sender key (33) + expiry (4). */
    static final int HEADER_BYTES = 4 + 1 + PublicKey.COMPRESSED_BYTES + 4;
    private static final long MAX_U32 = 0xffff_ffffL;

    private PacketCodec() {
    }

    /** An encoded packet and the hash its signature covers (what a PONG to it echoes). */
    public record Sealed(Bytes hash, Bytes wire) {
    }

    /** Signs and encodes; the expiry is unix seconds after which receivers drop the packet. */
    public static Sealed encode(Packet packet, PrivateKey key, int magic, long expirySeconds) {
        Objects.requireNonNull(packet, "packet");
        if (expirySeconds < 0 || expirySeconds > MAX_U32) {
            throw new IllegalArgumentException("expiry must fit in 32 unsigned bits");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        writeU32(out, magic & MAX_U32);
        out.write(packet.type());
        out.writeBytes(key.publicKey().toBytes());
        writeU32(out, expirySeconds);
        writePayload(out, packet);
        byte[] signed = out.toByteArray();
        byte[] hash = Hashes.sha256(signed);
        byte[] signature = key.sign(hash);
        byte[] wire = Arrays.copyOf(signed, signed.length + signature.length);
        System.arraycopy(signature, 0, wire, signed.length, signature.length);
        if (wire.length > MAX_PACKET_BYTES) {
            throw new IllegalArgumentException("packet would be " + wire.length + " bytes, over " + MAX_PACKET_BYTES);
        }
        return new Sealed(Bytes.of(hash), Bytes.of(wire));
    }

    /**
     * The verified packet in {@code wire}, or why it is dropped. Checks run cheapest first: size,
     * network, structure, expiry (not past, and not more than {@link #MAX_EXPIRY_AHEAD_SECONDS}
     * ahead), and the signature last. Replays are the caller's to catch ({@link ReplayCache}).
     */
    public static DecodeResult decode(byte[] wire, int expectedMagic, long nowSeconds) {
        if (wire == null) {
            return new Drop(Drop.Reason.MALFORMED, "no bytes");
        }
        if (wire.length > MAX_PACKET_BYTES) {
            return new Drop(Drop.Reason.TOO_LARGE, wire.length + " bytes, cap " + MAX_PACKET_BYTES);
        }
        Reader in = new Reader(wire);
        try {
            long magic = in.u32("magic");
            if (magic != (expectedMagic & MAX_U32)) {
                return new Drop(Drop.Reason.WRONG_NETWORK, String.format("magic %08x, expected %08x", magic, expectedMagic));
            }
            int type = in.u8("type");
            byte[] senderBytes = in.bytes(PublicKey.COMPRESSED_BYTES, "sender key");
            long expiry = in.u32("expiry");
            Packet packet = readPayload(in, type);
            int signedLength = in.position;
            byte[] signature = in.rest();
            PublicKey sender = PublicKey.fromBytes(senderBytes);
            if (expiry < nowSeconds) {
                return new Drop(Drop.Reason.EXPIRED, "expired at " + expiry + ", now " + nowSeconds);
            }
            if (expiry > nowSeconds + MAX_EXPIRY_AHEAD_SECONDS) {
                return new Drop(Drop.Reason.EXPIRY_TOO_FAR, "expires at " + expiry + ", more than "
                        + MAX_EXPIRY_AHEAD_SECONDS + " s after now, " + nowSeconds);
            }
            if (!Signatures.isStrictDer(signature)) {
                return new Drop(Drop.Reason.BAD_SIGNATURE, "signature is not strict DER");
            }
            byte[] hash = Hashes.sha256(wire, 0, signedLength);
            if (!Signatures.verify(senderBytes, hash, signature)) {
                return new Drop(Drop.Reason.BAD_SIGNATURE, "signature does not verify");
            }
            return new Envelope(sender, NodeId.of(sender), expiry, packet, Bytes.of(hash));
        } catch (Malformed | IllegalArgumentException e) {
            // IllegalArgumentException: a field the records refuse (a key off the curve, a port 0, a bad host).
            return new Drop(Drop.Reason.MALFORMED, e.getMessage());
        }
    }

    private static void writePayload(ByteArrayOutputStream out, Packet packet) {
        if (packet instanceof Packet.Ping ping) {
            writeU16(out, ping.tcpPort());
        } else if (packet instanceof Packet.Pong pong) {
            out.writeBytes(pong.pingHash().toArray());
            writeU16(out, pong.tcpPort());
        } else if (packet instanceof Packet.FindNode find) {
            out.writeBytes(find.target().toBytes());
        } else if (packet instanceof Packet.Neighbors neighbors) {
            out.write(neighbors.total());
            out.write(neighbors.nodes().size());
            for (NodeRecord node : neighbors.nodes()) {
                out.writeBytes(node.key().toBytes());
                byte[] host = node.host().getBytes(StandardCharsets.US_ASCII);
                out.write(host.length);
                out.writeBytes(host);
                writeU16(out, node.udpPort());
                writeU16(out, node.tcpPort());
            }
        } else {
            throw new IllegalStateException("unknown packet " + packet);
        }
    }

    private static Packet readPayload(Reader in, int type) throws Malformed {
        switch (type) {
            case Packet.PING:
                return new Packet.Ping(in.u16("tcp port"));
            case Packet.PONG:
                return new Packet.Pong(Bytes.of(in.bytes(Hashes.SHA256_BYTES, "ping hash")), in.u16("tcp port"));
            case Packet.FIND_NODE:
                return new Packet.FindNode(NodeId.fromBytes(in.bytes(NodeId.BYTES, "target")));
            case Packet.NEIGHBORS:
                int total = in.u8("answer total");
                if (total > Packet.MAX_ANSWER) {
                    throw new Malformed("an answer of " + total + " nodes, at most " + Packet.MAX_ANSWER);
                }
                int count = in.u8("neighbor count");
                if (count > Packet.MAX_NEIGHBORS || count > total) {
                    throw new Malformed(count + " neighbors in a packet of an answer of " + total
                            + ", at most " + Packet.MAX_NEIGHBORS);
                }
                List<NodeRecord> nodes = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    PublicKey key = PublicKey.fromBytes(in.bytes(PublicKey.COMPRESSED_BYTES, "neighbor key"));
                    int hostLength = in.u8("host length");
                    if (hostLength > NodeRecord.MAX_HOST_BYTES) {
                        throw new Malformed("host of " + hostLength + " bytes");
                    }
                    String host = new String(in.bytes(hostLength, "host"), StandardCharsets.US_ASCII);
                    nodes.add(NodeRecord.of(key, host, in.u16("udp port"), in.u16("tcp port")));
                }
                return new Packet.Neighbors(total, nodes);
            default:
                throw new Malformed("unknown packet type " + type);
        }
    }

    private static void writeU16(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value);
    }

    private static void writeU32(ByteArrayOutputStream out, long value) {
        out.write((int) (value >>> 24));
        out.write((int) (value >>> 16));
        out.write((int) (value >>> 8));
        out.write((int) value);
    }

    /** A structural failure inside the codec; never escapes {@link #decode}. */
    private static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    /** Bounds-checked big-endian reads over one datagram. */
    private static final class Reader {
        private final byte[] data;
        private int position;

        Reader(byte[] data) {
            this.data = data;
        }

        private void require(int n, String what) throws Malformed {
            if (data.length - position < n) {
                throw new Malformed("truncated in " + what);
            }
        }

        int u8(String what) throws Malformed {
            require(1, what);
            return data[position++] & 0xff;
        }

        int u16(String what) throws Malformed {
            require(2, what);
            int v = (data[position] & 0xff) << 8 | (data[position + 1] & 0xff);
            position += 2;
            return v;
        }

        long u32(String what) throws Malformed {
            require(4, what);
            long v = (long) (data[position] & 0xff) << 24 | (data[position + 1] & 0xff) << 16
                    | (data[position + 2] & 0xff) << 8 | (data[position + 3] & 0xff);
            position += 4;
            return v;
        }

        byte[] bytes(int n, String what) throws Malformed {
            require(n, what);
            byte[] out = Arrays.copyOfRange(data, position, position + n);
            position += n;
            return out;
        }

        byte[] rest() {
            byte[] out = Arrays.copyOfRange(data, position, data.length);
            position = data.length;
            return out;
        }
    }
}
