package minicoin.chain.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import minicoin.chain.ChainStoreException;
import minicoin.core.BlockHeader;
import minicoin.core.CodecException;
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

    /**
     * Reads every segment from the start for a rebuild: each intact block record is returned with
     * its header; a stretch that holds no intact record but is followed by one (media damage) is
     * reported and skipped; a bad stretch at the very end of the last segment is the tail of a
     * commit in flight at a crash and ends the files ({@link BlockScan#end()}).
     */
    BlockScan scan() throws IOException {
        List<BlockScan.Found> blocks = new ArrayList<>();
        List<BlockScan.Damage> damaged = new ArrayList<>();
        LogPosition end = LogPosition.START;
        List<Integer> segments = file.segments();
        for (int i = 0; i < segments.size(); i++) {
            int segment = segments.get(i);
            boolean last = i == segments.size() - 1;
            ByteBuffer data = file.map(segment);
            long limit = data.limit();
            long offset = 0;
            while (offset < limit) {
                byte[] payload = Frames.payloadAt(data, offset, limit, MAGIC, MAX_RECORD_BYTES);
                if (payload == null) {
                    long next = Frames.nextIntactFrame(data, offset, limit, MAGIC, MAX_RECORD_BYTES);
                    if (next < 0 && last) {
                        break;
                    }
                    long resume = next < 0 ? limit : next;
                    damaged.add(new BlockScan.Damage(file.path(segment), offset, resume - offset,
                            "no intact record (it fails its checksum or framing)"));
                    offset = resume;
                    continue;
                }
                BlockLocation location = new BlockLocation(segment, offset, Frames.HEADER_BYTES + payload.length);
                offset += location.length();
                end = new LogPosition(segment, offset);
                if (payload[0] == BLOCK) {
                    found(payload, location, blocks, damaged);
                }
            }
        }
        return new BlockScan(blocks, damaged, end);
    }

    private void found(byte[] payload, BlockLocation location, List<BlockScan.Found> blocks,
            List<BlockScan.Damage> damaged) {
        int headerAt = 1 + Hash.BYTES;
        Hash named = Hash.of(Arrays.copyOfRange(payload, 1, headerAt));
        try {
            if (payload.length < headerAt + BlockHeader.BYTES) {
                throw new CodecException("the record is shorter than a header");
            }
            BlockHeader header = BlockHeader.decode(Arrays.copyOfRange(payload, headerAt, headerAt + BlockHeader.BYTES));
            if (!header.hash().equals(named)) {
                throw new CodecException("it names block " + named + " but its header hashes to " + header.hash());
            }
            blocks.add(new BlockScan.Found(named, header, location));
        } catch (CodecException e) {
            damaged.add(new BlockScan.Damage(file.path(location.segment()), location.offset(), location.length(),
                    "an intact record that is not a block: " + e.getMessage()));
        }
    }

    String where(BlockLocation location) {
        return file.path(location.segment()) + " at offset " + location.offset();
    }

    @Override
    public void close() {
        file.close();
    }
}
