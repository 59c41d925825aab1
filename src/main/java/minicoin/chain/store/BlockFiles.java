package minicoin.chain.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import minicoin.chain.ChainStoreException;
import minicoin.core.Hash;

/**
 * Block bytes and undo records, appended to {@code blocks-NNNNN.dat} as Bitcoin Core's blk files
 * and never rewritten. Each record is framed with its CRC32C and names the block it belongs to, so
 * a read checks that the bytes are whole and are the ones asked for.
 */
final class BlockFiles implements AutoCloseable {

    static final String PREFIX = "blocks-";
    static final String SUFFIX = ".dat";
    /** "MCBK": a minicoin block-file frame. */
    static final int MAGIC = 0x4d43424b;
    static final byte BLOCK = 1;
    static final byte UNDO = 2;
    /** A block is at most 8 MB (Block.MAX_BYTES), an undo record smaller; past this is damage. */
    static final int MAX_RECORD_BYTES = 64 << 20;

    private final SegmentedFile file;

    BlockFiles(Path dir, long segmentBytes, IoHook hook) {
        this.file = new SegmentedFile(dir, PREFIX, SUFFIX, segmentBytes, hook);
    }

    SegmentedFile file() {
        return file;
    }

    BlockLocation append(byte kind, Hash hash, byte[] data) throws IOException {
        byte[] frame = Frames.frame(MAGIC, ByteBuffer.allocate(1 + Hash.BYTES + data.length)
                .put(kind).put(hash.toArray()).put(data).array());
        LogPosition at = file.append(frame);
        return new BlockLocation(at.segment(), at.offset(), frame.length);
    }

    void force() throws IOException {
        file.force();
    }

    LogPosition end() {
        return file.end();
    }

    /** The data of the record at {@code location}, checked to be whole and to belong to {@code hash}. */
    byte[] read(BlockLocation location, byte kind, Hash hash) {
        String what = (kind == BLOCK ? "block " : "undo record of block ") + hash;
        byte[] payload;
        try {
            payload = file.read(new LogPosition(location.segment(), location.offset()), MAGIC, MAX_RECORD_BYTES);
        } catch (IOException e) {
            throw new ChainStoreException("cannot read " + what + " from " + where(location) + ": " + e.getMessage(), e);
        }
        if (payload == null || payload.length + Frames.HEADER_BYTES != location.length()) {
            throw new ChainStoreException(what + " is damaged in " + where(location)
                    + ": its record fails its checksum or framing; it is not served");
        }
        ByteBuffer in = ByteBuffer.wrap(payload);
        byte[] owner = new byte[Hash.BYTES];
        byte storedKind = in.get();
        in.get(owner);
        if (storedKind != kind || !Hash.of(owner).equals(hash)) {
            throw new ChainStoreException(what + ": " + where(location) + " holds another record; it is not served");
        }
        byte[] data = new byte[in.remaining()];
        in.get(data);
        return data;
    }

    String where(BlockLocation location) {
        return file.path(location.segment()) + " at offset " + location.offset();
    }

    @Override
    public void close() {
        file.close();
    }
}
