package minicoin.chain;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import minicoin.core.ByteReader;
import minicoin.core.ByteWriter;
import minicoin.core.CodecException;
import minicoin.core.Transaction;
import minicoin.crypto.Hashes;

/**
 * {@code dataDir/mempool.dat}: the mempool's transactions with their entry times, kept across
 * restarts (Bitcoin Core's file of that name, in a format of our own). It lives beside the chain
 * store, not in it, so it does not care which engine stores the chain.
 *
 * <p>Layout: the magic {@code "MCMP"}, a version (uint32), the count (CompactSize), then per transaction
 * its entry time (int64 seconds) and its canonical encoding (uint32 length, bytes), parents before
 * children; last the SHA-256 of everything before it, so a torn or altered file is refused whole.
 *
 * <p>Written atomically: a temporary file made 0600, synced, renamed over the old one, and the
 * directory synced, so a crash leaves the old file or the new one, never a mix. Read with a bound:
 * a file over the caller's limit is refused unread.
 */
public final class MempoolFile {

    public static final String FILE_NAME = "mempool.dat";
    static final int VERSION = 1;
    private static final byte[] MAGIC = "MCMP".getBytes(StandardCharsets.US_ASCII);
    /** Magic, version and the shortest count. */
    private static final int HEADER_BYTES = MAGIC.length + 4 + 1;
    /** Entry time and length; what each transaction adds beyond its encoding. */
    private static final int ENTRY_OVERHEAD_BYTES = 8 + 4;
    /** The smallest encoded transaction: version, two counts, one byte each at least, and a lock time. */
    private static final int MIN_TX_BYTES = 10;

    private MempoolFile() {
    }

    /** Why a file was not loaded; its message is a sentence for the log. */
    public static final class InvalidFileException extends Exception {
        InvalidFileException(String message) {
            super(message);
        }
    }

    /** Writes {@code pooled} to {@code file} atomically, 0600; returns the bytes written. */
    public static long write(Path file, List<Mempool.Pooled> pooled) throws IOException {
        ByteWriter writer = new ByteWriter();
        writer.writeBytes(MAGIC).writeUInt32(VERSION).writeCompactSize(pooled.size());
        for (Mempool.Pooled entry : pooled) {
            byte[] encoded = entry.tx().encode();
            writer.writeInt64(entry.time()).writeUInt32(encoded.length).writeBytes(encoded);
        }
        byte[] body = writer.toByteArray();
        byte[] checksum = Hashes.sha256(body);
        Path dir = file.toAbsolutePath().getParent();
        Path temp = dir.resolve(file.getFileName() + ".new");
        Files.deleteIfExists(temp);
        try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                OwnerOnly.fileAttributes(temp))) {
            writeFully(channel, ByteBuffer.wrap(body));
            writeFully(channel, ByteBuffer.wrap(checksum));
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(dir);
        return body.length + (long) checksum.length;
    }

    /**
     * The transactions saved in {@code file}, in their saved order.
     *
     * @throws InvalidFileException when the file is larger than {@code maxBytes}, damaged, of another
     *                              version, or not a mempool file; nothing of it is returned then
     * @throws IOException          when it cannot be read
     */
    public static List<Mempool.Pooled> read(Path file, long maxBytes) throws IOException, InvalidFileException {
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new InvalidFileException(file.getFileName() + " holds " + size + " bytes, more than the "
                    + maxBytes + " a full mempool can save; it was not read");
        }
        byte[] data = Files.readAllBytes(file);
        if (data.length < HEADER_BYTES + Hashes.SHA256_BYTES) {
            throw new InvalidFileException(file.getFileName() + " is too short (" + data.length + " bytes) to be a mempool file");
        }
        int bodyLength = data.length - Hashes.SHA256_BYTES;
        byte[] expected = Hashes.sha256(data, 0, bodyLength);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(data, bodyLength, data.length))) {
            throw new InvalidFileException(file.getFileName() + " fails its checksum: it is damaged or was not fully written");
        }
        try {
            ByteReader reader = new ByteReader(data, 0, bodyLength);
            if (!Arrays.equals(reader.readBytes(MAGIC.length, "magic"), MAGIC)) {
                throw new InvalidFileException(file.getFileName() + " is not a mempool file (wrong magic)");
            }
            long version = reader.readUInt32("version");
            if (version != VERSION) {
                throw new InvalidFileException(file.getFileName() + " has version " + version + "; this node reads version "
                        + VERSION);
            }
            int count = reader.readCount(Integer.MAX_VALUE, ENTRY_OVERHEAD_BYTES + MIN_TX_BYTES, "count");
            List<Mempool.Pooled> pooled = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long time = reader.readInt64("entry time");
                long length = reader.readUInt32("transaction length");
                if (length > Transaction.MAX_BYTES || length > reader.remaining()) {
                    throw new InvalidFileException(file.getFileName() + ": transaction " + i + " claims " + length + " bytes");
                }
                pooled.add(new Mempool.Pooled(Transaction.decode(reader.readBytes((int) length, "transaction")), time));
            }
            reader.requireEnd("mempool file");
            return pooled;
        } catch (CodecException e) {
            throw new InvalidFileException(file.getFileName() + " does not decode: " + e.getMessage());
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Makes the rename itself durable; a file system that cannot sync a directory is left to its own guarantees. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException unsupported) {
            // Some platforms refuse to open a directory; the rename is then as durable as they make it.
        }
    }
}
