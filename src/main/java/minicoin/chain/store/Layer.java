package minicoin.chain.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Changes to the tables held in memory: staged ones (not yet committed), or committed ones not yet
 * in a generation. A value of {@link #DELETED} hides whatever a lower layer holds for the key.
 *
 * <p>Packed: each table keeps its keys and values in a few large byte arrays and finds them through
 * a {@code long[]} hash table, so a layer of a million changes is a few dozen objects, not the
 * millions of small ones a {@code HashMap<Key, byte[]>} makes. Young collections copy every small
 * object that is still alive; with boxed layers they paused the writer for 150–500 ms during a
 * checkpoint (docs/storage.md, docs/benchmarks.md).
 *
 * <p>A layer is written by the writer thread only; once frozen for a checkpoint it is never
 * written again, and the checkpoint thread may read it.
 */
final class Layer {

    /** Marks a key removed (compared by identity). */
    static final byte[] DELETED = new byte[0];

    private static final Table[] TABLES = Table.values();

    private final PackedTable[] tables = new PackedTable[TABLES.length];
    private long entries;

    /** The value this layer holds for {@code key}: a copy of the bytes, {@link #DELETED}, or null when untouched. */
    byte[] get(Table table, Key key) {
        PackedTable packed = tables[table.ordinal()];
        return packed == null ? null : packed.get(key.bytes(), key.hashCode());
    }

    void put(Table table, Key key, byte[] value) {
        if (table(table).put(key.bytes(), 0, key.bytes().length, key.hashCode(), value, 0,
                value == DELETED ? PackedTable.DELETED_LENGTH : value.length)) {
            entries++;
        }
    }

    /** Every change of {@code other} laid over this layer's. */
    void absorb(Layer other) {
        for (Table table : TABLES) {
            PackedTable from = other.tables[table.ordinal()];
            if (from != null && from.size() > 0) {
                PackedTable into = table(table);
                entries += from.copyInto(into);
            }
        }
    }

    private PackedTable table(Table table) {
        PackedTable packed = tables[table.ordinal()];
        if (packed == null) {
            packed = new PackedTable(table == Table.ADDRESS ? MapDbChainStore.ADDRESS_BYTES : 0);
            tables[table.ordinal()] = packed;
        }
        return packed;
    }

    /** Calls {@code action} with each changed key of {@code table} and its value (or {@link #DELETED}), in no order. */
    void forEach(Table table, BiConsumer<byte[], byte[]> action) {
        PackedTable packed = tables[table.ordinal()];
        if (packed != null) {
            packed.forEach(action);
        }
    }

    /** How many keys of {@code table} this layer changed. */
    int size(Table table) {
        PackedTable packed = tables[table.ordinal()];
        return packed == null ? 0 : packed.size();
    }

    /** The ADDRESS keys this layer touched that start with the 20-byte {@code address}: balances without a scan. */
    Set<Key> addressKeys(Key address) {
        PackedTable packed = tables[Table.ADDRESS.ordinal()];
        Set<Key> keys = new LinkedHashSet<>();
        if (packed != null) {
            packed.keysWithPrefix(address.bytes(), keys);
        }
        return keys;
    }

    /** The changes to {@code table} in key order, for merging into a generation; entries are made as they are read. */
    Iterator<Map.Entry<Key, byte[]>> sorted(Table table) {
        PackedTable packed = tables[table.ordinal()];
        return packed == null ? java.util.Collections.emptyIterator() : packed.sorted();
    }

    long entries() {
        return entries;
    }

    boolean isEmpty() {
        return entries == 0;
    }

    /** The heap this layer's arrays take, in bytes. */
    long heapBytes() {
        long bytes = 0;
        for (PackedTable packed : tables) {
            bytes += packed == null ? 0 : packed.heapBytes();
        }
        return bytes;
    }

    /**
     * One table's changes: records {@code [hash][key length][value capacity][value length][previous
     * record with the same address, ADDRESS only][key][value]} appended to chunks of bytes, found by
     * linear probing in a table of record positions ({@code chunk << 32 | offset}, plus one so that
     * zero means empty).
     */
    static final class PackedTable {

        /** A value length that marks a deletion. */
        static final int DELETED_LENGTH = -1;
        /** The first chunk is small (a staged layer holds one block's changes), then each doubles. */
        private static final int FIRST_CHUNK_BYTES = 4 << 10;
        /** 4 MiB: chunks this large go straight to the old generation and are never copied by a young collection. */
        private static final int MAX_CHUNK_BYTES = 4 << 20;
        private static final int FIRST_SLOTS = 16;
        private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
        private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
        private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
        private static final int HASH = 0;
        private static final int KEY_LENGTH = 4;
        private static final int CAPACITY = 6;
        private static final int VALUE_LENGTH = 10;
        private static final int HEADER = 14;

        /** Keys are chained by their first {@code prefixBytes} (the address), or not at all when 0. */
        private final int prefixBytes;
        private final int header;
        private byte[][] chunks = new byte[4][];
        private int chunkCount;
        private int used;
        private long[] slots = new long[FIRST_SLOTS];
        /**
         * Each slot's key hash beside it: probing and growing never touch the chunks, so doubling a
         * table of a million keys is two sequential array passes (reading each record's hash from
         * its chunk made the commit that grew the table stall for 80–90 ms).
         */
        private int[] hashes = new int[FIRST_SLOTS];
        private int size;
        /** For chained tables: the latest record of each prefix, by the prefix's hash. */
        private long[] prefixSlots;
        private int prefixCount;

        PackedTable(int prefixBytes) {
            this.prefixBytes = prefixBytes;
            this.header = HEADER + (prefixBytes > 0 ? 8 : 0);
            this.prefixSlots = prefixBytes > 0 ? new long[FIRST_SLOTS] : null;
        }

        int size() {
            return size;
        }

        long heapBytes() {
            long bytes = 12L * slots.length + (prefixSlots == null ? 0 : 8L * prefixSlots.length);
            for (int i = 0; i < chunkCount; i++) {
                bytes += chunks[i].length;
            }
            return bytes;
        }

        /** {@link Arrays#hashCode(byte[])} of a range, without copying it. */
        private static int hashOf(byte[] bytes, int from, int length) {
            int hash = 1;
            for (int i = from; i < from + length; i++) {
                hash = 31 * hash + bytes[i];
            }
            return hash;
        }

        private static int spread(int hash) {
            return (hash ^ (hash >>> 16)) * 0x9E3779B9;
        }

        private byte[] chunk(long record) {
            return chunks[(int) (record >>> 32)];
        }

        private static int offset(long record) {
            return (int) record;
        }

        /** The slot holding {@code key}, or the empty slot where it would go. */
        private int find(byte[] key, int keyOffset, int keyLength, int hash) {
            int mask = slots.length - 1;
            for (int slot = spread(hash) & mask; ; slot = (slot + 1) & mask) {
                long stored = slots[slot];
                if (stored == 0) {
                    return slot;
                }
                if (hashes[slot] != hash) {
                    continue;
                }
                long record = stored - 1;
                byte[] chunk = chunk(record);
                int at = offset(record);
                if ((short) SHORT.get(chunk, at + KEY_LENGTH) == keyLength
                        && Arrays.equals(chunk, at + header, at + header + keyLength, key, keyOffset, keyOffset + keyLength)) {
                    return slot;
                }
            }
        }

        byte[] get(byte[] key, int hash) {
            long stored = slots[find(key, 0, key.length, hash)];
            return stored == 0 ? null : value(stored - 1);
        }

        /** Sets {@code key} to the value ({@code valueLength} {@link #DELETED_LENGTH} for a deletion); true when the key is new. */
        boolean put(byte[] key, int keyOffset, int keyLength, int hash, byte[] value, int valueOffset, int valueLength) {
            int slot = find(key, keyOffset, keyLength, hash);
            int copied = Math.max(valueLength, 0);
            long stored = slots[slot];
            if (stored != 0) {
                long record = stored - 1;
                byte[] chunk = chunk(record);
                int at = offset(record);
                // A change of the same key in the same layer (a coin made and spent between checkpoints) rewrites in place when it fits.
                if (copied <= (int) INT.get(chunk, at + CAPACITY)) {
                    INT.set(chunk, at + VALUE_LENGTH, valueLength);
                    System.arraycopy(value, valueOffset, chunk, at + header + keyLength, copied);
                    return false;
                }
                slots[slot] = append(key, keyOffset, keyLength, hash, value, valueOffset, valueLength) + 1;
                return false;
            }
            slots[slot] = append(key, keyOffset, keyLength, hash, value, valueOffset, valueLength) + 1;
            hashes[slot] = hash;
            size++;
            if (size * 2L > slots.length) {
                grow();
            }
            return true;
        }

        private long append(byte[] key, int keyOffset, int keyLength, int hash, byte[] value, int valueOffset,
                int valueLength) {
            int copied = Math.max(valueLength, 0);
            int length = header + keyLength + copied;
            if (chunkCount == 0 || used + length > chunks[chunkCount - 1].length) {
                int next = chunkCount == 0 ? FIRST_CHUNK_BYTES : Math.min(chunks[chunkCount - 1].length * 2, MAX_CHUNK_BYTES);
                if (chunkCount == chunks.length) {
                    chunks = Arrays.copyOf(chunks, chunkCount * 2);
                }
                chunks[chunkCount++] = new byte[Math.max(next, length)];
                used = 0;
            }
            byte[] chunk = chunks[chunkCount - 1];
            int at = used;
            INT.set(chunk, at + HASH, hash);
            SHORT.set(chunk, at + KEY_LENGTH, (short) keyLength);
            INT.set(chunk, at + CAPACITY, copied);
            INT.set(chunk, at + VALUE_LENGTH, valueLength);
            System.arraycopy(key, keyOffset, chunk, at + header, keyLength);
            System.arraycopy(value, valueOffset, chunk, at + header + keyLength, copied);
            used += length;
            long record = ((long) (chunkCount - 1) << 32) | at;
            if (prefixBytes > 0 && keyLength >= prefixBytes) {
                link(record, chunk, at);
            }
            return record;
        }

        /** Makes {@code record} the latest of its prefix, pointing at the one before it. */
        private void link(long record, byte[] chunk, int at) {
            int slot = findPrefix(chunk, at + header, hashOf(chunk, at + header, prefixBytes));
            long previous = prefixSlots[slot];
            LONG.set(chunk, at + HEADER, previous);
            prefixSlots[slot] = record + 1;
            if (previous == 0 && ++prefixCount * 2L > prefixSlots.length) {
                prefixSlots = rehashPrefixes(prefixSlots);
            }
        }

        private int findPrefix(byte[] prefix, int prefixOffset, int hash) {
            int mask = prefixSlots.length - 1;
            for (int slot = spread(hash) & mask; ; slot = (slot + 1) & mask) {
                long stored = prefixSlots[slot];
                if (stored == 0) {
                    return slot;
                }
                byte[] chunk = chunk(stored - 1);
                int at = offset(stored - 1) + header;
                if (Arrays.equals(chunk, at, at + prefixBytes, prefix, prefixOffset, prefixOffset + prefixBytes)) {
                    return slot;
                }
            }
        }

        private void grow() {
            long[] grown = new long[slots.length * 2];
            int[] grownHashes = new int[grown.length];
            int mask = grown.length - 1;
            for (int i = 0; i < slots.length; i++) {
                if (slots[i] != 0) {
                    int slot = spread(hashes[i]) & mask;
                    while (grown[slot] != 0) {
                        slot = (slot + 1) & mask;
                    }
                    grown[slot] = slots[i];
                    grownHashes[slot] = hashes[i];
                }
            }
            slots = grown;
            hashes = grownHashes;
        }

        private long[] rehashPrefixes(long[] old) {
            long[] grown = new long[old.length * 2];
            int mask = grown.length - 1;
            for (long stored : old) {
                if (stored != 0) {
                    byte[] chunk = chunk(stored - 1);
                    int at = offset(stored - 1) + header;
                    int slot = spread(hashOf(chunk, at, prefixBytes)) & mask;
                    while (grown[slot] != 0) {
                        slot = (slot + 1) & mask;
                    }
                    grown[slot] = stored;
                }
            }
            return grown;
        }

        /** Puts every change of this table into {@code into}; returns how many keys were new there. */
        int copyInto(PackedTable into) {
            int added = 0;
            for (long stored : slots) {
                if (stored != 0) {
                    byte[] chunk = chunk(stored - 1);
                    int at = offset(stored - 1);
                    int keyLength = (short) SHORT.get(chunk, at + KEY_LENGTH);
                    if (into.put(chunk, at + header, keyLength, (int) INT.get(chunk, at + HASH), chunk,
                            at + header + keyLength, (int) INT.get(chunk, at + VALUE_LENGTH))) {
                        added++;
                    }
                }
            }
            return added;
        }

        void forEach(BiConsumer<byte[], byte[]> action) {
            for (long stored : slots) {
                if (stored != 0) {
                    action.accept(key(stored - 1), value(stored - 1));
                }
            }
        }

        private byte[] key(long record) {
            byte[] chunk = chunk(record);
            int at = offset(record) + header;
            return Arrays.copyOfRange(chunk, at, at + (short) SHORT.get(chunk, offset(record) + KEY_LENGTH));
        }

        private byte[] value(long record) {
            byte[] chunk = chunk(record);
            int at = offset(record);
            int valueLength = (int) INT.get(chunk, at + VALUE_LENGTH);
            if (valueLength == DELETED_LENGTH) {
                return DELETED;
            }
            int valueAt = at + header + (short) SHORT.get(chunk, at + KEY_LENGTH);
            return Arrays.copyOfRange(chunk, valueAt, valueAt + valueLength);
        }

        void keysWithPrefix(byte[] prefix, Set<Key> into) {
            if (prefixBytes == 0 || prefix.length != prefixBytes) {
                return;
            }
            long stored = prefixSlots[findPrefix(prefix, 0, hashOf(prefix, 0, prefixBytes))];
            while (stored != 0) {
                into.add(new Key(key(stored - 1)));
                stored = (long) LONG.get(chunk(stored - 1), offset(stored - 1) + HEADER);
            }
        }

        private int compareKeys(long a, long b) {
            byte[] chunkA = chunk(a);
            byte[] chunkB = chunk(b);
            int atA = offset(a);
            int atB = offset(b);
            return Arrays.compareUnsigned(chunkA, atA + header, atA + header + (short) SHORT.get(chunkA, atA + KEY_LENGTH),
                    chunkB, atB + header, atB + header + (short) SHORT.get(chunkB, atB + KEY_LENGTH));
        }

        /** Record positions in key order: one {@code long[]} sorted by a merge sort, no boxed entries. */
        Iterator<Map.Entry<Key, byte[]>> sorted() {
            long[] records = new long[size];
            int n = 0;
            for (long stored : slots) {
                if (stored != 0) {
                    records[n++] = stored - 1;
                }
            }
            mergeSort(records, new long[records.length], 0, records.length);
            return new Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() {
                    return next < records.length;
                }

                @Override
                public Map.Entry<Key, byte[]> next() {
                    if (next >= records.length) {
                        throw new NoSuchElementException();
                    }
                    long record = records[next++];
                    return new AbstractMap.SimpleImmutableEntry<>(new Key(key(record)), value(record));
                }
            };
        }

        private void mergeSort(long[] records, long[] scratch, int from, int to) {
            if (to - from < 16) {
                for (int i = from + 1; i < to; i++) {
                    long record = records[i];
                    int j = i - 1;
                    while (j >= from && compareKeys(records[j], record) > 0) {
                        records[j + 1] = records[j];
                        j--;
                    }
                    records[j + 1] = record;
                }
                return;
            }
            int middle = (from + to) >>> 1;
            mergeSort(records, scratch, from, middle);
            mergeSort(records, scratch, middle, to);
            if (compareKeys(records[middle - 1], records[middle]) <= 0) {
                return;
            }
            System.arraycopy(records, from, scratch, from, to - from);
            int left = from;
            int right = middle;
            for (int i = from; i < to; i++) {
                if (right >= to || (left < middle && compareKeys(scratch[left], scratch[right]) <= 0)) {
                    records[i] = scratch[left++];
                } else {
                    records[i] = scratch[right++];
                }
            }
        }
    }
}
