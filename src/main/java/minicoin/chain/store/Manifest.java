package minicoin.chain.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import minicoin.chain.OwnerOnly;

/**
 * Which generation is current and where the journal goes on from it: generation number (0: none,
 * the empty index), the last journal sequence it holds, the journal position after that record,
 * the end of the block files at that record, and the generation file's CRC32C. Replaced whole and
 * atomically (temporary file, fsync, rename, directory fsync), never edited.
 */
record Manifest(long generation, long lastSequence, LogPosition journalEnd, LogPosition blocksEnd, int generationCrc) {

    static final String FILE_NAME = "MANIFEST";
    private static final String TEMPORARY_NAME = "MANIFEST.tmp";
    /** "MCMF": a minicoin manifest frame. */
    private static final int MAGIC = 0x4d434d46;
    private static final int VERSION = 1;
    private static final int PAYLOAD_BYTES = 1 + 8 + 8 + 4 + 8 + 4 + 8 + 4;

    static final Manifest EMPTY = new Manifest(0, 0, LogPosition.START, LogPosition.START, 0);

    byte[] encode() {
        ByteBuffer payload = ByteBuffer.allocate(PAYLOAD_BYTES)
                .put((byte) VERSION).putLong(generation).putLong(lastSequence)
                .putInt(journalEnd.segment()).putLong(journalEnd.offset())
                .putInt(blocksEnd.segment()).putLong(blocksEnd.offset())
                .putInt(generationCrc);
        return Frames.frame(MAGIC, payload.array());
    }

    /** The manifest in {@code dir}: empty when there is none, or when it is not intact. */
    static Optional<Manifest> read(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        byte[] bytes = Files.readAllBytes(file);
        byte[] payload = Frames.payloadAt(ByteBuffer.wrap(bytes), 0, bytes.length, MAGIC, PAYLOAD_BYTES);
        if (payload == null || payload.length != PAYLOAD_BYTES || payload[0] != VERSION) {
            return Optional.empty();
        }
        ByteBuffer in = ByteBuffer.wrap(payload, 1, PAYLOAD_BYTES - 1);
        return Optional.of(new Manifest(in.getLong(), in.getLong(), new LogPosition(in.getInt(), in.getLong()),
                new LogPosition(in.getInt(), in.getLong()), in.getInt()));
    }

    /** Replaces the manifest in {@code dir} atomically and durably. */
    void write(Path dir, IoHook hook) throws IOException {
        Path temporary = dir.resolve(TEMPORARY_NAME);
        try (FileChannel channel = FileChannel.open(temporary, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING), OwnerOnly.fileAttributes(temporary))) {
            ByteBuffer buffer = ByteBuffer.wrap(encode());
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            hook.completed("write", temporary);
            channel.force(true);
            hook.completed("force", temporary);
        }
        Files.move(temporary, dir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        hook.completed("rename", dir.resolve(FILE_NAME));
        FileSync.directory(dir, hook);
    }
}
