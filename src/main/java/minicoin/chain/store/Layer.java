package minicoin.chain.store;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Changes to the tables held in memory: staged ones (not yet committed), or committed ones not yet
 * in a generation. A value of {@link #DELETED} hides whatever a lower layer holds for the key.
 *
 * <p>A layer is written by the writer thread only; once frozen for a checkpoint it is never
 * written again, and the checkpoint thread may read it.
 */
final class Layer {

    /** Marks a key removed (compared by identity). */
    static final byte[] DELETED = new byte[0];

    private final EnumMap<Table, HashMap<Key, byte[]>> tables = new EnumMap<>(Table.class);
    /** ADDRESS keys this layer touched, by their 20-byte address prefix: balances without a scan. */
    private final HashMap<Key, Set<Key>> addressKeys = new HashMap<>();
    private long entries;

    Layer() {
        for (Table table : Table.values()) {
            tables.put(table, new HashMap<>());
        }
    }

    /** The value this layer holds for {@code key}: bytes, {@link #DELETED}, or null when untouched. */
    byte[] get(Table table, Key key) {
        return tables.get(table).get(key);
    }

    void put(Table table, Key key, byte[] value) {
        if (tables.get(table).put(key, value) == null) {
            entries++;
        }
        if (table == Table.ADDRESS) {
            addressKeys.computeIfAbsent(new Key(java.util.Arrays.copyOf(key.bytes(), MapDbChainStore.ADDRESS_BYTES)),
                    a -> new HashSet<>()).add(key);
        }
    }

    /** Every change of {@code other} laid over this layer's. */
    void absorb(Layer other) {
        other.tables.forEach((table, changes) -> changes.forEach((key, value) -> put(table, key, value)));
    }

    Map<Key, byte[]> changes(Table table) {
        return tables.get(table);
    }

    Set<Key> addressKeys(Key address) {
        return addressKeys.getOrDefault(address, Set.of());
    }

    /** The changes to {@code table} in key order, for merging into a generation. */
    List<Map.Entry<Key, byte[]>> sorted(Table table) {
        List<Map.Entry<Key, byte[]>> sorted = new ArrayList<>(tables.get(table).entrySet());
        sorted.sort(Map.Entry.comparingByKey());
        return sorted;
    }

    long entries() {
        return entries;
    }

    boolean isEmpty() {
        return entries == 0;
    }
}
