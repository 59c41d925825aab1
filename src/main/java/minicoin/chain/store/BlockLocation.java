package minicoin.chain.store;

import java.nio.ByteBuffer;

/** Where a framed record lies in the block files: segment, offset, and the frame's whole length. */
record BlockLocation(int segment, long offset, int length) {

    static final int BYTES = 4 + 8 + 4;

    byte[] encode() {
        return ByteBuffer.allocate(BYTES).putInt(segment).putLong(offset).putInt(length).array();
    }

    static BlockLocation decode(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("a block location has " + BYTES + " bytes, not " + bytes.length);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new BlockLocation(buffer.getInt(), buffer.getLong(), buffer.getInt());
    }
}
