package minicoin.p2p;

import java.math.BigInteger;
import java.util.Objects;
import minicoin.core.ByteReader;
import minicoin.core.ByteWriter;
import minicoin.core.CodecException;
import minicoin.core.Hash;

/**
 * The first message each side sends: who we are and what chain we hold. A node with no chain yet
 * sends {@link Hash#ZERO} as genesis and best hash, height 0 and work 0.
 *
 * @param magic           the sender's network magic (must equal the frame's and ours)
 * @param protocolVersion the sender's protocol version
 * @param genesisHash     the sender's genesis block
 * @param bestHeight      height of the sender's tip (u32)
 * @param bestHash        the sender's tip
 * @param chainWork       cumulative work of the sender's main chain, sent as unsigned big-endian bytes
 * @param nodeId          the sender's 32-byte node id (SHA-256 of its node public key)
 * @param listenPort      TCP port the sender accepts peers on; 0 when it accepts none
 * @param nonce           random per connection; receiving our own nonce back means we dialled ourselves
 */
public record Handshake(int magic, int protocolVersion, Hash genesisHash, long bestHeight, Hash bestHash,
                        BigInteger chainWork, Hash nodeId, int listenPort, long nonce) implements Message {

    public static final int PROTOCOL_VERSION = 1;
    /** Work fits in 256 bits per block summed over under 2^32 blocks; 33 bytes leaves room. */
    public static final int MAX_CHAIN_WORK_BYTES = 33;
    public static final int MAX_PORT = 0xffff;
    private static final long MAX_HEIGHT = 0xffffffffL;
    /** Every field at its longest. */
    public static final int MAX_PAYLOAD_BYTES =
            4 + 4 + Hash.BYTES + 4 + Hash.BYTES + 1 + MAX_CHAIN_WORK_BYTES + Hash.BYTES + 2 + 8;

    public Handshake {
        Objects.requireNonNull(genesisHash, "genesisHash");
        Objects.requireNonNull(bestHash, "bestHash");
        Objects.requireNonNull(chainWork, "chainWork");
        Objects.requireNonNull(nodeId, "nodeId");
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
                .writeHash(nodeId)
                .writeByte(listenPort)
                .writeByte(listenPort >>> 8)
                .writeInt64(nonce);
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
        Hash nodeId = reader.readHash("handshake node id");
        int port = reader.readByte("handshake listen port") | reader.readByte("handshake listen port") << 8;
        long nonce = reader.readInt64("handshake nonce");
        reader.requireEnd("handshake");
        return new Handshake(magic, version, genesis, height, best, new BigInteger(1, work), nodeId, port, nonce);
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
