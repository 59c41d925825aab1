package minicoin.chain;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import minicoin.chain.store.MapDbChainStore;
import minicoin.core.Block;
import minicoin.core.Hash;

/** Damages a record in the block files of a closed {@link MapDbChainStore}, as bit rot would. */
public final class StoredRecords {

    /** Block-file record kinds, as the store frames them (kind byte, then the block's hash, then the data). */
    private static final byte BLOCK_RECORD = 1;
    private static final byte UNDO_RECORD = 2;

    private StoredRecords() {
    }

    public static void flipByteInBlock(Path dataDir, Block block) throws IOException {
        flipByteInRecord(dataDir, BLOCK_RECORD, block.hash(), block.encode());
    }

    public static void flipByteInUndo(Path dataDir, Hash hash, BlockUndo undo) throws IOException {
        flipByteInRecord(dataDir, UNDO_RECORD, hash, undo.encode());
    }

    /** Flips one byte in the middle of the data of the block-file record of {@code hash}. */
    private static void flipByteInRecord(Path dataDir, byte kind, Hash hash, byte[] data) throws IOException {
        byte[] needle = ByteBuffer.allocate(1 + Hash.BYTES + data.length).put(kind).put(hash.toArray()).put(data).array();
        List<Path> files;
        try (Stream<Path> listed = Files.list(dataDir.resolve(MapDbChainStore.DIRECTORY))) {
            files = listed.filter(file -> file.getFileName().toString().startsWith("blocks-")).toList();
        }
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            int at = indexOf(bytes, needle);
            if (at >= 0) {
                bytes[at + 1 + Hash.BYTES + data.length / 2] ^= 0x01;
                Files.write(file, bytes);
                return;
            }
        }
        throw new AssertionError("no record of " + hash + " in the block files");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
