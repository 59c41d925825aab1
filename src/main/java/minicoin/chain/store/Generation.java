package minicoin.chain.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.zip.CRC32C;
import kotlin.Pair;
import minicoin.chain.OwnerOnly;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;
import org.mapdb.serializer.GroupSerializer;

/**
 * One immutable MapDB file of the index ({@code index-N.db}): every table as a B-tree of byte
 * arrays. It is written once, by a bulk load into a fresh file with no write-ahead log, closed and
 * fsynced before any manifest names it, and from then on only opened read-only. Generation 0 is
 * the empty index and has no file.
 *
 * <p>Reads are safe from several threads (the writer's lookups and a checkpoint's scan).
 */
final class Generation implements AutoCloseable {

    static final String PREFIX = "index-";
    static final String SUFFIX = ".db";
    static final byte[] COIN_COUNT_KEY = "coins".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * The new file is forced every 100,000 entries (some 10 MB) while it is written: on ext4 a
     * journal commit's fsync also waits for other files' dirty data, so letting a whole generation
     * pile up in the page cache would stall the writer's commits behind one large flush.
     */
    static final long FORCE_EVERY_ENTRIES = 100_000;

    private final long number;
    private final DB db;
    private final EnumMap<Table, BTreeMap<byte[], byte[]>> maps = new EnumMap<>(Table.class);
    private final long coinCount;

    private Generation(long number, DB db) {
        this.number = number;
        this.db = db;
        if (db != null) {
            for (Table table : Table.values()) {
                maps.put(table, db.treeMap(table.mapName(), keySerializer(table), Serializer.BYTE_ARRAY).open());
            }
        }
        byte[] count = get(Table.META, new Key(COIN_COUNT_KEY));
        this.coinCount = count == null ? 0 : ByteBuffer.wrap(count).getLong();
    }

    /**
     * The address index's keys are written with the common prefix of their node's neighbours left
     * out: coins of one address sit side by side and share its 20 bytes. Other tables' keys are
     * hashes, which share nothing, and are stored whole (faster to read).
     */
    private static GroupSerializer<byte[]> keySerializer(Table table) {
        return table == Table.ADDRESS ? Serializer.BYTE_ARRAY_DELTA : Serializer.BYTE_ARRAY;
    }

    static Generation empty() {
        return new Generation(0, null);
    }

    static String fileName(long number) {
        return PREFIX + number + SUFFIX;
    }

    /** Opens generation {@code number} read-only; MapDB never writes to it again. */
    static Generation open(Path dir, long number) {
        DB db = DBMaker.fileDB(dir.resolve(fileName(number)).toFile()).readOnly().fileMmapEnableIfSupported().make();
        try {
            return new Generation(number, db);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    long number() {
        return number;
    }

    long coinCount() {
        return coinCount;
    }

    /** The stored value, or null. */
    byte[] get(Table table, Key key) {
        BTreeMap<byte[], byte[]> map = maps.get(table);
        return map == null ? null : map.get(key.bytes());
    }

    /** Every entry of {@code table} in key order. */
    Iterator<Map.Entry<byte[], byte[]>> entries(Table table) {
        BTreeMap<byte[], byte[]> map = maps.get(table);
        return map == null ? Collections.emptyIterator() : map.entryIterator();
    }

    /** The keys of {@code table} that start with {@code prefix}, in order. */
    Iterable<byte[]> keysWithPrefix(Table table, byte[] prefix) {
        BTreeMap<byte[], byte[]> map = maps.get(table);
        return map == null ? List.of() : map.prefixSubMap(prefix).keySet();
    }

    @Override
    public void close() {
        if (db != null) {
            db.close();
        }
    }

    /** CRC32C of a whole file: the generation's checksum in the manifest. */
    static int crc(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int read; (read = in.read(buffer)) > 0; ) {
                crc.update(buffer, 0, read);
            }
        }
        return (int) crc.getValue();
    }

    /**
     * Writes generation {@code number}: {@code base} merged with {@code changes}, table by table in
     * key order, bulk-loaded into a fresh file with no write-ahead log; then commits, closes and
     * fsyncs it. Returns the file's CRC32C. The file is not yet current: a manifest must name it.
     */
    static int build(Path dir, long number, Generation base, Layer changes, IoHook hook) throws IOException {
        Path file = dir.resolve(fileName(number));
        Files.deleteIfExists(file);
        // No transactionEnable(): MapDB 3.x never replays its WAL. A crash before the manifest names this file leaves a stray, deleted at open.
        DB db = DBMaker.fileDB(file.toFile()).fileChannelEnable().make();
        if (OwnerOnly.supported(file)) {
            Files.setPosixFilePermissions(file, OwnerOnly.FILE);
        }
        try (FileChannel forcer = FileChannel.open(file, StandardOpenOption.WRITE)) {
            long coins = 0;
            for (Table table : Table.values()) {
                Iterator<Map.Entry<Key, byte[]>> tableChanges = changes.sorted(table);
                if (table == Table.META) {
                    // The generation's own coin count, so coinCount() needs no scan.
                    Layer meta = new Layer();
                    tableChanges.forEachRemaining(change -> meta.put(Table.META, change.getKey(), change.getValue()));
                    meta.put(Table.META, new Key(COIN_COUNT_KEY), ByteBuffer.allocate(8).putLong(coins).array());
                    tableChanges = meta.sorted(Table.META);
                }
                MergedEntries merged = new MergedEntries(base.entries(table), tableChanges, forcer);
                db.treeMap(table.mapName(), keySerializer(table), Serializer.BYTE_ARRAY).createFrom(merged);
                if (table == Table.COINS) {
                    coins = merged.count();
                }
                hook.completed("write", file);
            }
            db.commit();
        } finally {
            db.close();
        }
        FileSync.file(file, hook);
        FileSync.directory(dir, hook);
        return crc(file);
    }

    /**
     * The merge of a generation's sorted entries with a layer's sorted changes: a change wins over
     * the stored entry of the same key, and a deletion drops it.
     */
    private static final class MergedEntries implements Iterator<Pair<byte[], byte[]>> {

        private final Iterator<Map.Entry<byte[], byte[]>> stored;
        private final Iterator<Map.Entry<Key, byte[]>> changed;
        private final FileChannel forcer;
        private Map.Entry<byte[], byte[]> nextStored;
        private Map.Entry<Key, byte[]> nextChanged;
        private Pair<byte[], byte[]> next;
        private long count;

        MergedEntries(Iterator<Map.Entry<byte[], byte[]>> stored, Iterator<Map.Entry<Key, byte[]>> changed,
                FileChannel forcer) {
            this.stored = stored;
            this.changed = changed;
            this.forcer = forcer;
            nextStored = stored.hasNext() ? stored.next() : null;
            nextChanged = changed.hasNext() ? changed.next() : null;
            advance();
        }

        /** How many entries have been handed out. */
        long count() {
            return count;
        }

        private void advance() {
            next = null;
            while (next == null && (nextStored != null || nextChanged != null)) {
                int order = nextStored == null ? 1 : nextChanged == null ? -1
                        : Arrays.compareUnsigned(nextStored.getKey(), nextChanged.getKey().bytes());
                if (order < 0) {
                    next = new Pair<>(nextStored.getKey(), nextStored.getValue());
                    nextStored = stored.hasNext() ? stored.next() : null;
                    continue;
                }
                if (order == 0) {
                    nextStored = stored.hasNext() ? stored.next() : null;
                }
                if (nextChanged.getValue() != Layer.DELETED) {
                    next = new Pair<>(nextChanged.getKey().bytes(), nextChanged.getValue());
                }
                nextChanged = changed.hasNext() ? changed.next() : null;
            }
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public Pair<byte[], byte[]> next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            Pair<byte[], byte[]> result = next;
            count++;
            if (count % FORCE_EVERY_ENTRIES == 0) {
                try {
                    forcer.force(false);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            advance();
            return result;
        }
    }
}
