package minicoin.p2p;

import java.math.BigInteger;
import java.util.Objects;
import java.util.OptionalInt;
import minicoin.core.ByteReader;
import minicoin.core.ByteWriter;
import minicoin.core.Bytes;
import minicoin.core.CodecException;
import minicoin.core.Hash;
import minicoin.crypto.Hashes;

/**
 * The first message each side sends: who we are and what chain we hold. A node with no chain yet
 * sends {@link Hash#ZERO} as genesis and best hash, height 0 and work 0. The node key and the
 * challenge open the proof of the node id: each side answers the other's challenge with a
 * {@link NodeProof} signed by that key.
 *
 * @param magic           the sender's network magic (must equal the frame's and ours)
 * @param protocolVersion the sender's protocol version
 * @param genesisHash     the sender's genesis block
 * @param bestHeight      height of the sender's tip (u32)
 * @param bestHash        the sender's tip
 * @param chainWork       cumulative work of the sender's main chain, sent as unsigned big-endian bytes
 * @param nodeKey         the sender's 33-byte compressed node public key (discovery's key); its
 *                        SHA-256 is the node id
 * @param listenPort      TCP port the sender accepts peers on; 0 when it accepts none
 * @param nonce           random per connection; receiving our own nonce back means we dialled ourselves
 * @param challenge       32 fresh random bytes the receiver must sign in its {@link NodeProof}
 */
public record Handshake(int magic, int protocolVersion, Hash genesisHash, long bestHeight, Hash bestHash,
                        BigInteger chainWork, Bytes nodeKey, int listenPort, long nonce, Hash challenge)
        implements Message {

    /** 2: the node key and challenge, answered by NODE_PROOF (1 sent a bare, unproven node id). */
    public static final int PROTOCOL_VERSION = 2;
    /** A compressed secp256k1 public key: 02 or 03, then x. */
    public static final int NODE_KEY_BYTES = 33;
    /** Work fits in 256 bits per block summed over under 2^32 blocks; 33 bytes leaves room. */
    public static final int MAX_CHAIN_WORK_BYTES = 33;
    public static final int MAX_PORT = 0xffff;
    private static final long MAX_HEIGHT = 0xffffffffL;
    /** Every field at its longest. */
    public static final int MAX_PAYLOAD_BYTES =
            4 + 4 + Hash.BYTES + 4 + Hash.BYTES + 1 + MAX_CHAIN_WORK_BYTES + NODE_KEY_BYTES + 2 + 8 + Hash.BYTES;

    public Handshake {
        Objects.requireNonNull(genesisHash, "genesisHash");
        Objects.requireNonNull(bestHash, "bestHash");
        Objects.requireNonNull(chainWork, "chainWork");
        Objects.requireNonNull(nodeKey, "nodeKey");
        Objects.requireNonNull(challenge, "challenge");
        if (!hasKeyShape(nodeKey)) {
            throw new IllegalArgumentException("a node key is " + NODE_KEY_BYTES + " bytes starting 02 or 03");
        }
        if (bestHeight < 0 || bestHeight > MAX_HEIGHT) {
            throw new IllegalArgumentException("best height is unsigned 32-bit: " + bestHeight);
        }
        if (chainWork.signum() < 0 || workBytes(chainWork).length > MAX_CHAIN_WORK_BYTES) {
            throw new IllegalArgumentException("chain work must be non-negative and fit " + MAX_CHAIN_WORK_BYTES + " bytes");
        }
        if (listenPort < 0 || listenPort > MAX_PORT) {
            throw new IllegalArgumentException("listen port out of range: " + listenPort);
        }
    }

    /** The sender's node id: SHA-256 of its node key, as discovery derives it. */
    public Hash nodeId() {
        return Hash.of(Hashes.sha256(nodeKey.toArray()));
    }

    /** Whether the sender holds no chain yet and will adopt its peer's genesis. */
    public boolean hasNoChain() {
        return genesisHash.isZero();
    }

    @Override
    public MessageType type() {
        return MessageType.HANDSHAKE;
    }

    @Override
    public void write(ByteWriter writer) {
        byte[] work = workBytes(chainWork);
        writer.writeInt32(magic)
                .writeInt32(protocolVersion)
                .writeHash(genesisHash)
                .writeUInt32(bestHeight)
                .writeHash(bestHash)
                .writeCompactSize(work.length)
                .writeBytes(work)
                .writeBytes(nodeKey)
                .writeByte(listenPort)
                .writeByte(listenPort >>> 8)
                .writeInt64(nonce)
                .writeHash(challenge);
    }

    public static Handshake decode(byte[] payload) throws CodecException {
        ByteReader reader = Payloads.reader(payload, MessageType.HANDSHAKE);
        int magic = reader.readInt32("handshake magic");
        int version = reader.readInt32("handshake protocol version");
        Hash genesis = reader.readHash("handshake genesis hash");
        long height = reader.readUInt32("handshake best height");
        Hash best = reader.readHash("handshake best hash");
        int workLength = (int) reader.readCompactSize(MAX_CHAIN_WORK_BYTES, "handshake chain work length");
        byte[] work = reader.readBytes(workLength, "handshake chain work");
        if (workLength > 0 && work[0] == 0) {
            throw new CodecException("handshake chain work: leading zero byte");
        }
        Bytes nodeKey = Bytes.of(reader.readBytes(NODE_KEY_BYTES, "handshake node key"));
        if (!hasKeyShape(nodeKey)) {
            throw new CodecException("handshake node key: not a compressed public key");
        }
        int port = reader.readByte("handshake listen port") | reader.readByte("handshake listen port") << 8;
        long nonce = reader.readInt64("handshake nonce");
        Hash challenge = reader.readHash("handshake challenge");
        reader.requireEnd("handshake");
        return new Handshake(magic, version, genesis, height, best, new BigInteger(1, work), nodeKey, port, nonce,
                challenge);
    }

    /**
     * The protocol version a HANDSHAKE payload declares, read before the rest (whose layout depends on
     * it), so that an older peer is told OLD_VERSION instead of being scored for a malformed payload.
     */
    public static OptionalInt versionOf(byte[] payload) {
        if (payload.length < 8) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((payload[4] & 0xff) | (payload[5] & 0xff) << 8 | (payload[6] & 0xff) << 16
                | (payload[7] & 0xff) << 24);
    }

    private static boolean hasKeyShape(Bytes key) {
        return key.length() == NODE_KEY_BYTES && (key.get(0) == 2 || key.get(0) == 3);
    }

    /** The minimal unsigned big-endian magnitude: no sign byte, no leading zeros, empty for zero. */
    private static byte[] workBytes(BigInteger work) {
        byte[] bytes = work.toByteArray();
        int skip = 0;
        while (skip < bytes.length && bytes[skip] == 0) {
            skip++;
        }
        byte[] out = new byte[bytes.length - skip];
        System.arraycopy(bytes, skip, out, 0, out.length);
        return out;
    }
}
