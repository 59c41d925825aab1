package minicoin.chain.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StoreOptionsTest {

    private static final long MIB = 1L << 20;

    /** Two layers of BACKLOG_FACTOR × checkpointEntries, each entry packed. */
    private static long worstLayerBytes(MapDbChainStore.Options options) {
        return 2 * MapDbChainStore.BACKLOG_FACTOR * options.checkpointEntries() * MapDbChainStore.LAYER_BYTES_PER_ENTRY;
    }

    @Test
    void aDevnetHeapKeepsTheCommittedChangesWithinAQuarterOfIt() {
        long heap = 256 * MIB;
        MapDbChainStore.Options options = MapDbChainStore.Options.forHeap(heap);

        assertTrue(options.checkpointEntries() < MapDbChainStore.CHECKPOINT_ENTRIES, "a small heap checkpoints sooner");
        assertTrue(worstLayerBytes(options) <= heap / 4, worstLayerBytes(options) + " bytes of layers in a 256 MiB heap");
    }

    @Test
    void aLargeHeapKeepsTheDefaultCheckpoint() {
        assertEquals(MapDbChainStore.CHECKPOINT_ENTRIES, MapDbChainStore.Options.forHeap(8192 * MIB).checkpointEntries());
    }

    @Test
    void aTinyHeapStillBatchesManyBlocksPerCheckpoint() {
        assertEquals(MapDbChainStore.MIN_CHECKPOINT_ENTRIES, MapDbChainStore.Options.forHeap(16 * MIB).checkpointEntries());
    }
}
