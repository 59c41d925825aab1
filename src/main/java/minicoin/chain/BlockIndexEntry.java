package minicoin.chain;

import java.math.BigInteger;
import java.util.Objects;
import minicoin.core.BlockHeader;
import minicoin.core.ByteReader;
import minicoin.core.ByteWriter;
import minicoin.core.CodecException;
import minicoin.core.Hash;

/**
 * What the chain knows of one block without reading it: header, height, the work of the chain
 * it ends (cumulative from genesis), and its status.
 */
public record BlockIndexEntry(Hash hash, BlockHeader header, long height, BigInteger chainWork, BlockStatus status) {

    /** Chain work fits in 256 bits plus headroom; 33 bytes bounds its encoding. */
    private static final int MAX_WORK_BYTES = 33;

    public BlockIndexEntry {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(chainWork, "chainWork");
        Objects.requireNonNull(status, "status");
        if (height < 0) {
            throw new IllegalArgumentException("negative height");
        }
    }

    public Hash prevHash() {
        return header.prevHash();
    }

    public BlockIndexEntry withStatus(BlockStatus newStatus) {
        return new BlockIndexEntry(hash, header, height, chainWork, newStatus);
    }

    /**
     * Whether this entry ends a better chain than {@code other}: more work, or equal work and a
     * lower hash, so every node picks the same branch even when no further block comes.
     */
    public boolean isBetterThan(BlockIndexEntry other) {
        int byWork = chainWork.compareTo(other.chainWork);
        return byWork != 0 ? byWork > 0 : hash.compareTo(other.hash) < 0;
    }

    public byte[] encode() {
        ByteWriter writer = new ByteWriter(BlockHeader.BYTES + 48);
        header.write(writer);
        writer.writeUInt32(height);
        byte[] work = chainWork.toByteArray();
        writer.writeCompactSize(work.length).writeBytes(work);
        writer.writeByte(status.ordinal());
        return writer.toByteArray();
    }

    public static BlockIndexEntry decode(byte[] bytes) throws CodecException {
        ByteReader reader = new ByteReader(bytes);
        BlockHeader header = BlockHeader.read(reader);
        long height = reader.readUInt32("index height");
        int workLength = (int) reader.readCompactSize(MAX_WORK_BYTES, "index chain work length");
        BigInteger work = new BigInteger(1, reader.readBytes(workLength, "index chain work"));
        int status = reader.readByte("index status");
        if (status >= BlockStatus.values().length) {
            throw new CodecException("unknown block status " + status);
        }
        reader.requireEnd("index entry");
        return new BlockIndexEntry(header.hash(), header, height, work, BlockStatus.values()[status]);
    }
}
