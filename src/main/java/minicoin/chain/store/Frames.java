package minicoin.chain.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * The framing of every record the engine writes: {@code [magic 4][length 4][crc32c 4][payload]},
 * the checksum over the length and the payload, so a torn or flipped record is told from a whole one.
 */
final class Frames {

    static final int HEADER_BYTES = 12;

    private Frames() {
    }

    static byte[] frame(int magic, byte[] payload) {
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + payload.length);
        buffer.putInt(magic).putInt(payload.length).putInt(crc(payload.length, payload, 0, payload.length)).put(payload);
        return buffer.array();
    }

    static int crc(int length, byte[] bytes, int offset, int count) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(4).putInt(0, length));
        crc.update(bytes, offset, count);
        return (int) crc.getValue();
    }

    /**
     * The payload of the frame at {@code offset} in {@code data} (which ends at {@code end}), or
     * null when no whole, intact frame with this magic starts there.
     */
    static byte[] payloadAt(ByteBuffer data, long offset, long end, int magic, int maxLength) {
        if (offset + HEADER_BYTES > end) {
            return null;
        }
        int at = (int) offset;
        if (data.getInt(at) != magic) {
            return null;
        }
        int length = data.getInt(at + 4);
        if (length < 0 || length > maxLength || offset + HEADER_BYTES + length > end) {
            return null;
        }
        byte[] payload = new byte[length];
        data.get(at + HEADER_BYTES, payload);
        return crc(length, payload, 0, length) == data.getInt(at + 8) ? payload : null;
    }

    /** Whether an intact frame with this magic starts anywhere in {@code data} after {@code offset}. */
    static boolean intactFrameAfter(ByteBuffer data, long offset, long end, int magic, int maxLength) {
        return nextIntactFrame(data, offset, end, magic, maxLength) >= 0;
    }

    /** Where the first intact frame with this magic after {@code offset} starts, or -1 when none does. */
    static long nextIntactFrame(ByteBuffer data, long offset, long end, int magic, int maxLength) {
        for (long at = offset + 1; at + HEADER_BYTES <= end; at++) {
            if (data.getInt((int) at) == magic && payloadAt(data, at, end, magic, maxLength) != null) {
                return at;
            }
        }
        return -1;
    }

    /** Reads and checks one frame at {@code offset} of {@code channel}; null when it is not intact. */
    static byte[] read(FileChannel channel, long offset, int magic, int maxLength) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        readFully(channel, header, offset);
        if (header.hasRemaining()) {
            return null;
        }
        int length = header.getInt(4);
        if (header.getInt(0) != magic || length < 0 || length > maxLength) {
            return null;
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        readFully(channel, payload, offset + HEADER_BYTES);
        if (payload.hasRemaining()) {
            return null;
        }
        byte[] bytes = payload.array();
        return crc(length, bytes, 0, length) == header.getInt(8) ? bytes : null;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long offset) throws IOException {
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, offset + buffer.position());
            if (read < 0) {
                return;
            }
        }
    }
}
