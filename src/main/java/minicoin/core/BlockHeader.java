package minicoin.core;

import java.util.Objects;
import minicoin.crypto.Hashes;

/**
 * Bitcoin's 80-byte block header: version, previous block hash, Merkle root, time, compact target
 * bits and nonce. The block hash is the double SHA-256 of those 80 bytes.
 */
public record BlockHeader(int version, Hash prevHash, Hash merkleRoot, long time, long bits, long nonce) {

    public static final int BYTES = 80;
    public static final int CURRENT_VERSION = 1;
    /** Offset of the nonce: the last four bytes, in the header's second SHA-256 block. */
    public static final int NONCE_OFFSET = 76;
    private static final long UINT32_MAX = 0xffffffffL;

    public BlockHeader {
        Objects.requireNonNull(prevHash, "prevHash");
        Objects.requireNonNull(merkleRoot, "merkleRoot");
        requireUInt32(time, "time");
        requireUInt32(bits, "bits");
        requireUInt32(nonce, "nonce");
    }

    public Hash hash() {
        return Hash.wrap(Hashes.doubleSha256(encode()));
    }

    public BlockHeader withNonce(long newNonce) {
        return new BlockHeader(version, prevHash, merkleRoot, time, bits, newNonce);
    }

    public BlockHeader withTime(long newTime) {
        return new BlockHeader(version, prevHash, merkleRoot, newTime, bits, nonce);
    }

    public BlockHeader withMerkleRoot(Hash newRoot) {
        return new BlockHeader(version, prevHash, newRoot, time, bits, nonce);
    }

    public void write(ByteWriter writer) {
        writer.writeInt32(version)
                .writeHash(prevHash)
                .writeHash(merkleRoot)
                .writeUInt32(time)
                .writeUInt32(bits)
                .writeUInt32(nonce);
    }

    public byte[] encode() {
        ByteWriter writer = new ByteWriter(BYTES);
        write(writer);
        return writer.toByteArray();
    }

    public static BlockHeader read(ByteReader reader) throws CodecException {
        return new BlockHeader(
                reader.readInt32("header version"),
                reader.readHash("header prevHash"),
                reader.readHash("header merkleRoot"),
                reader.readUInt32("header time"),
                reader.readUInt32("header bits"),
                reader.readUInt32("header nonce"));
    }

    public static BlockHeader decode(byte[] bytes) throws CodecException {
        if (bytes.length != BYTES) {
            throw new CodecException("a header has " + BYTES + " bytes, not " + bytes.length);
        }
        return read(new ByteReader(bytes));
    }

    private static void requireUInt32(long value, String name) {
        if (value < 0 || value > UINT32_MAX) {
            throw new IllegalArgumentException(name + " is unsigned 32-bit: " + value);
        }
    }
}
