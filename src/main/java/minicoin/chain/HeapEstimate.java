package minicoin.chain;

import minicoin.core.Transaction;
import minicoin.core.TxIn;

/**
 * What a mempool transaction costs in heap, counted object by object as HotSpot lays them out on a
 * 64-bit JVM with compressed references (any heap under 32 GB, the node's case): a 12-byte object
 * header, 4-byte references, 16-byte array headers, every object rounded up to 8 bytes. It counts
 * what a decoded transaction holds (its lists, inputs, outpoints, hashes, keys, signatures,
 * outputs and addresses, its cached txid and full hash) plus the pool's own entry and map nodes.
 * docs/mempool.md compares it with a measurement; it is an estimate, not a heap dump.
 */
final class HeapEstimate {

    private static final int OBJECT_HEADER = 12;
    private static final int ARRAY_HEADER = 16;
    private static final int REFERENCE = 4;
    private static final int ALIGNMENT = 8;

    /** {@code Hash}: one reference to a 32-byte array. */
    static final long HASH = object(REFERENCE) + byteArray(32);
    /** {@code Address}: the 20-byte key hash and a text cache, left empty in the pool. */
    static final long ADDRESS = object(2 * REFERENCE) + byteArray(20);
    /** {@code TxOut}: a long and an address. */
    static final long OUTPUT = object(8 + REFERENCE) + ADDRESS;
    /** {@code OutPoint}: a txid of its own (decoding does not share them) and a long index. */
    static final long OUTPOINT = object(REFERENCE + 8) + HASH;
    /** {@code Transaction}: version, two lists, lock time, two cached hashes, cached size. */
    static final long TRANSACTION = object(4 + 2 * REFERENCE + 8 + 2 * REFERENCE + 4) + 2 * HASH;
    /**
     * The pool's bookkeeping per transaction: its entry (transaction, txid, fee, sizes, usage,
     * sequence, descendant totals, entry time and height), the arrival-order map node (hash, key,
     * value, next, before, after) with its share of the table, and the eviction-order tree node
     * (key, value, three links, colour).
     */
    static final long POOL_ENTRY = object(2 * REFERENCE + 8 + 4 + 8 + 8 + 4 + 8 + 8 + 8 + 8)
            + object(4 + 5 * REFERENCE) + 2 * REFERENCE
            + object(5 * REFERENCE + 1);
    /** The spender map's node per input (hash, key, value, next) with its share of the table; the key is the input's own outpoint. */
    static final long POOL_INPUT = object(4 + 3 * REFERENCE) + 2 * REFERENCE;

    private HeapEstimate() {
    }

    /** Heap held by {@code tx} and the pool's bookkeeping for it, in bytes. */
    static long ofPoolEntry(Transaction tx) {
        long bytes = TRANSACTION + POOL_ENTRY + list(tx.inputs().size()) + list(tx.outputs().size());
        for (TxIn input : tx.inputs()) {
            bytes += object(3 * REFERENCE) + OUTPOINT + bytes(input.publicKey().length())
                    + bytes(input.signature().length()) + POOL_INPUT;
        }
        return bytes + tx.outputs().size() * OUTPUT;
    }

    /** {@code List.copyOf}: a two-slot object for one or two items, else an object and an array. */
    static long list(int size) {
        return size <= 2 ? object(2 * REFERENCE) : object(REFERENCE + 1) + align(ARRAY_HEADER + (long) size * REFERENCE);
    }

    /** {@code Bytes}: one reference to its array. */
    private static long bytes(int length) {
        return object(REFERENCE) + byteArray(length);
    }

    private static long byteArray(int length) {
        return align(ARRAY_HEADER + (long) length);
    }

    private static long object(int fieldBytes) {
        return align(OBJECT_HEADER + (long) fieldBytes);
    }

    private static long align(long bytes) {
        return (bytes + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }
}
