package minicoin.chain.store;

import java.nio.file.Path;
import java.util.List;
import minicoin.core.BlockHeader;
import minicoin.core.Hash;

/**
 * What a scan of the block files found for a rebuild: every intact block record (its header and
 * where it lies), the damaged stretches skipped, and where the last intact record ends.
 */
record BlockScan(List<Found> blocks, List<Damage> damaged, LogPosition end) {

    BlockScan {
        blocks = List.copyOf(blocks);
        damaged = List.copyOf(damaged);
    }

    /** An intact block record: its checksum holds and its header hashes to the hash it names. */
    record Found(Hash hash, BlockHeader header, BlockLocation location) {
    }

    /** A stretch of {@code bytes} at {@code offset} of {@code file} that holds no intact record. */
    record Damage(Path file, long offset, long bytes, String what) {

        @Override
        public String toString() {
            return file + " at offset " + offset + " (" + bytes + " bytes): " + what;
        }
    }
}
