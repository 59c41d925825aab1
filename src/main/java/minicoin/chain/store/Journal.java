package minicoin.chain.store;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Logger;
import minicoin.chain.ChainStoreException;

/**
 * The redo journal: each commit is one framed record {@code [magic][length][crc32c][sequence]
 * [blocks end][changes]} appended to {@code journal-NNNNN.log} and forced before the commit is
 * acknowledged. At open the records after the current generation are replayed in sequence order.
 *
 * <p>A crash can leave only the record in flight torn, at the very end: that tail is cut. A bad
 * record with an intact one after it is media damage, not a crash, and the journal refuses to
 * open rather than drop acknowledged commits.
 */
final class Journal implements AutoCloseable {

    static final String PREFIX = "journal-";
    static final String SUFFIX = ".log";
    /** "MCJL": a minicoin journal frame. */
    static final int MAGIC = 0x4d434a4c;
    /** A record's payload bound: a commit of a million coin changes takes about 100 MB; past this is damage. */
    static final int MAX_RECORD_BYTES = 1 << 30;

    private static final Logger LOG = Logger.getLogger(Journal.class.getName());

    /** One replayed commit. */
    record Entry(long sequence, LogPosition blocksEnd, Layer changes) {
    }

    private final SegmentedFile file;

    Journal(Path dir, long segmentBytes, IoHook hook) {
        this.file = new SegmentedFile(dir, PREFIX, SUFFIX, segmentBytes, hook);
    }

    SegmentedFile file() {
        return file;
    }

    /** Whether the journal still starts at the first commit ever: then the index can be rebuilt from it alone. */
    boolean reachesGenesis() throws IOException {
        List<Integer> segments = file.segments();
        if (segments.isEmpty() || segments.get(0) != 0) {
            return false;
        }
        ByteBuffer data = file.map(0);
        byte[] first = Frames.payloadAt(data, 0, data.limit(), MAGIC, MAX_RECORD_BYTES);
        return first != null && ByteBuffer.wrap(first).getLong() == 1;
    }

    /**
     * Replays every record from {@code from} on, which must be numbered from {@code firstSequence}
     * without a gap; cuts a torn tail; leaves the journal ready to append after the last record.
     */
    void replay(LogPosition from, long firstSequence, Consumer<Entry> action) throws IOException {
        List<Integer> segments = file.segments();
        long expected = firstSequence;
        LogPosition end = from;
        for (int i = 0; i < segments.size(); i++) {
            int segment = segments.get(i);
            if (segment < from.segment()) {
                continue;
            }
            ByteBuffer data = file.map(segment);
            long limit = data.limit();
            long offset = segment == from.segment() ? from.offset() : 0;
            if (offset > limit) {
                throw damaged(segment, limit, "the file ends before the position the MANIFEST names (" + offset + ")");
            }
            while (offset < limit) {
                byte[] payload = Frames.payloadAt(data, offset, limit, MAGIC, MAX_RECORD_BYTES);
                if (payload == null) {
                    if (Frames.intactFrameAfter(data, offset, limit, MAGIC, MAX_RECORD_BYTES)
                            || laterSegmentHasARecord(segments.subList(i + 1, segments.size()))) {
                        throw damaged(segment, offset, "a damaged record with intact records after it (media damage, not a torn write)");
                    }
                    LogPosition torn = new LogPosition(segment, offset);
                    long cut = limit - offset;
                    LOG.warning(() -> file.name(segment) + ": cut a torn tail of " + cut + " bytes at offset "
                            + torn.offset() + " (a commit in flight when the process stopped, never acknowledged)");
                    file.truncateTo(torn);
                    return;
                }
                Entry entry = decode(payload);
                if (entry.sequence() != expected) {
                    throw damaged(segment, offset, "record " + entry.sequence() + " where " + expected + " was due");
                }
                action.accept(entry);
                expected++;
                offset += Frames.HEADER_BYTES + payload.length;
                end = new LogPosition(segment, offset);
            }
        }
        file.truncateTo(end);
    }

    private boolean laterSegmentHasARecord(List<Integer> later) throws IOException {
        for (int segment : later) {
            ByteBuffer data = file.map(segment);
            if (Frames.payloadAt(data, 0, data.limit(), MAGIC, MAX_RECORD_BYTES) != null
                    || Frames.intactFrameAfter(data, 0, data.limit(), MAGIC, MAX_RECORD_BYTES)) {
                return true;
            }
        }
        return false;
    }

    private ChainStoreException damaged(int segment, long offset, String what) {
        return new ChainStoreException(file.path(segment) + " is damaged at offset " + offset + ": " + what
                + "; refusing to open the chain store rather than lose acknowledged commits");
    }

    /** Appends one commit's record and forces it; the commit is durable when this returns. */
    void append(long sequence, LogPosition blocksEnd, Layer changes) throws IOException {
        file.append(Frames.frame(MAGIC, encode(sequence, blocksEnd, changes)));
        file.force();
    }

    LogPosition end() {
        return file.end();
    }

    static byte[] encode(long sequence, LogPosition blocksEnd, Layer changes) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + (int) Math.min(changes.entries() * 80, 1 << 24));
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeLong(sequence);
            out.writeInt(blocksEnd.segment());
            out.writeLong(blocksEnd.offset());
            for (Table table : Table.values()) {
                out.writeInt(changes.size(table));
                changes.forEach(table, (key, value) -> {
                    try {
                        out.writeShort(key.length);
                        out.write(key);
                        out.writeInt(value == Layer.DELETED ? -1 : value.length);
                        out.write(value);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Entry decode(byte[] payload) {
        ByteBuffer in = ByteBuffer.wrap(payload);
        long sequence = in.getLong();
        LogPosition blocksEnd = new LogPosition(in.getInt(), in.getLong());
        Layer changes = new Layer();
        for (Table table : Table.values()) {
            int count = in.getInt();
            for (int i = 0; i < count; i++) {
                byte[] key = new byte[in.getShort() & 0xffff];
                in.get(key);
                int length = in.getInt();
                byte[] value = length < 0 ? Layer.DELETED : new byte[length];
                in.get(value);
                changes.put(table, new Key(key), value);
            }
        }
        return new Entry(sequence, blocksEnd, changes);
    }

    @Override
    public void close() {
        file.close();
    }
}
