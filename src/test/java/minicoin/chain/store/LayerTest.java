package minicoin.chain.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The packed layer behaves as the map of changes it replaces, through its growth and overwrites. */
class LayerTest {

    private static Key key(int n, int length) {
        byte[] bytes = new byte[length];
        new Random(n).nextBytes(bytes);
        return new Key(bytes);
    }

    private static byte[] value(int n, int length) {
        return ByteBuffer.allocate(Math.max(length, 4)).putInt(n).array();
    }

    @Test
    void holdsWhatAMapOfChangesHoldsThroughGrowthOverwritesAndDeletions() {
        Layer layer = new Layer();
        Map<Key, byte[]> expected = new HashMap<>();
        Random random = new Random(7);
        for (int i = 0; i < 50_000; i++) {
            Key key = key(random.nextInt(30_000), 36);
            int choice = random.nextInt(3);
            byte[] value = choice == 0 ? Layer.DELETED : value(i, choice == 1 ? 4 : 40);
            layer.put(Table.COINS, key, value);
            expected.put(key, value);
        }
        assertEquals(expected.size(), layer.entries());
        assertEquals(expected.size(), layer.size(Table.COINS));
        for (Map.Entry<Key, byte[]> entry : expected.entrySet()) {
            byte[] held = layer.get(Table.COINS, entry.getKey());
            if (entry.getValue() == Layer.DELETED) {
                assertSame(Layer.DELETED, held);
            } else {
                assertArrayEquals(entry.getValue(), held);
            }
        }
        assertNull(layer.get(Table.COINS, key(-1, 36)));
        assertNull(layer.get(Table.INDEX, key(0, 36)));
    }

    @Test
    void sortsItsChangesInUnsignedKeyOrder() {
        Layer layer = new Layer();
        TreeMap<Key, byte[]> expected = new TreeMap<>();
        for (int i = 0; i < 10_000; i++) {
            Key key = key(i, 1 + i % 40);
            layer.put(Table.INDEX, key, value(i, 8));
            expected.put(key, value(i, 8));
        }
        List<Key> order = new ArrayList<>();
        for (Iterator<Map.Entry<Key, byte[]>> sorted = layer.sorted(Table.INDEX); sorted.hasNext(); ) {
            Map.Entry<Key, byte[]> entry = sorted.next();
            order.add(entry.getKey());
            assertArrayEquals(expected.get(entry.getKey()), entry.getValue());
        }
        assertEquals(new ArrayList<>(expected.keySet()), order);
    }

    @Test
    void absorbingLaysTheNewerChangesOverTheOlder() {
        Layer older = new Layer();
        Layer newer = new Layer();
        older.put(Table.COINS, key(1, 36), value(1, 33));
        older.put(Table.COINS, key(2, 36), value(2, 33));
        newer.put(Table.COINS, key(2, 36), Layer.DELETED);
        newer.put(Table.COINS, key(3, 36), value(3, 33));
        older.absorb(newer);
        assertEquals(3, older.entries());
        assertArrayEquals(value(1, 33), older.get(Table.COINS, key(1, 36)));
        assertSame(Layer.DELETED, older.get(Table.COINS, key(2, 36)));
        assertArrayEquals(value(3, 33), older.get(Table.COINS, key(3, 36)));
    }

    @Test
    void findsTheAddressKeysOfOneAddress() {
        Layer layer = new Layer();
        byte[] address = new byte[MapDbChainStore.ADDRESS_BYTES];
        address[0] = 42;
        Set<Key> mine = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            byte[] bytes = key(i, MapDbChainStore.ADDRESS_BYTES + 36).bytes();
            if (i % 10 == 0) {
                System.arraycopy(address, 0, bytes, 0, address.length);
                mine.add(new Key(bytes));
            }
            layer.put(Table.ADDRESS, new Key(bytes), new byte[0]);
        }
        // Deleting one of them leaves its key among the candidates: the deletion is what a reader must see.
        Key spent = mine.iterator().next();
        layer.put(Table.ADDRESS, spent, Layer.DELETED);
        assertEquals(mine, layer.addressKeys(new Key(address)));
        assertSame(Layer.DELETED, layer.get(Table.ADDRESS, spent));
        assertTrue(layer.addressKeys(new Key(new byte[MapDbChainStore.ADDRESS_BYTES])).isEmpty());
    }
}
