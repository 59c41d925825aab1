package minicoin.core;

import java.util.Arrays;

/** Appends the canonical encoding: little-endian integers and CompactSize varints. */
public final class ByteWriter {

    private byte[] buffer;
    private int size;

    public ByteWriter() {
        this(256);
    }

    public ByteWriter(int initialCapacity) {
        buffer = new byte[Math.max(16, initialCapacity)];
    }

    public ByteWriter writeByte(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    public ByteWriter writeInt32(int value) {
        ensure(4);
        buffer[size++] = (byte) value;
        buffer[size++] = (byte) (value >>> 8);
        buffer[size++] = (byte) (value >>> 16);
        buffer[size++] = (byte) (value >>> 24);
        return this;
    }

    /** Writes the low 32 bits of {@code value}, for fields that are unsigned 32-bit on the wire. */
    public ByteWriter writeUInt32(long value) {
        return writeInt32((int) value);
    }

    public ByteWriter writeInt64(long value) {
        writeInt32((int) value);
        return writeInt32((int) (value >>> 32));
    }

    public ByteWriter writeBytes(byte[] bytes) {
        return writeBytes(bytes, 0, bytes.length);
    }

    public ByteWriter writeBytes(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
        return this;
    }

    public ByteWriter writeBytes(Bytes bytes) {
        return writeBytes(bytes.unsafeArray());
    }

    public ByteWriter writeHash(Hash hash) {
        return writeBytes(hash.unsafeArray());
    }

    /** Bitcoin's CompactSize: 1, 3, 5 or 9 bytes, always the shortest form. */
    public ByteWriter writeCompactSize(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("CompactSize is unsigned: " + value);
        }
        if (value < 0xfd) {
            return writeByte((int) value);
        }
        if (value <= 0xffff) {
            writeByte(0xfd);
            writeByte((int) value);
            return writeByte((int) (value >>> 8));
        }
        if (value <= 0xffffffffL) {
            writeByte(0xfe);
            return writeInt32((int) value);
        }
        writeByte(0xff);
        return writeInt64(value);
    }

    /** A CompactSize length followed by the bytes. */
    public ByteWriter writeVarBytes(Bytes bytes) {
        writeCompactSize(bytes.length());
        return writeBytes(bytes);
    }

    public static int compactSizeLength(long value) {
        if (value < 0xfd) {
            return 1;
        }
        if (value <= 0xffff) {
            return 3;
        }
        return value <= 0xffffffffL ? 5 : 9;
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void ensure(int extra) {
        if (size + extra > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + extra));
        }
    }
}
