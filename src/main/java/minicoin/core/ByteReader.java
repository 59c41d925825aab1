package minicoin.core;

/**
 * Reads the canonical encoding strictly. Every read checks the bytes that remain first, so a
 * hostile length can never make it allocate more than the input holds; every failure is a
 * {@link CodecException} that names what was being read.
 */
public final class ByteReader {

    private final byte[] data;
    private final int end;
    private int position;

    public ByteReader(byte[] data) {
        this(data, 0, data.length);
    }

    public ByteReader(byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > data.length) {
            throw new IllegalArgumentException("range outside the array");
        }
        this.data = data;
        this.position = offset;
        this.end = offset + length;
    }

    public int remaining() {
        return end - position;
    }

    public int position() {
        return position;
    }

    /** The raw bytes between two positions already read, for hashing what was decoded. */
    byte[] slice(int from, int to) {
        byte[] out = new byte[to - from];
        System.arraycopy(data, from, out, 0, out.length);
        return out;
    }

    public int readByte(String what) throws CodecException {
        require(1, what);
        return data[position++] & 0xff;
    }

    public int readInt32(String what) throws CodecException {
        require(4, what);
        int value = (data[position] & 0xff)
                | (data[position + 1] & 0xff) << 8
                | (data[position + 2] & 0xff) << 16
                | (data[position + 3] & 0xff) << 24;
        position += 4;
        return value;
    }

    public long readUInt32(String what) throws CodecException {
        return readInt32(what) & 0xffffffffL;
    }

    public long readInt64(String what) throws CodecException {
        long low = readUInt32(what);
        long high = readUInt32(what);
        return high << 32 | low;
    }

    public byte[] readBytes(int length, String what) throws CodecException {
        if (length < 0) {
            throw new CodecException(what + ": negative length " + length);
        }
        require(length, what);
        byte[] out = new byte[length];
        System.arraycopy(data, position, out, 0, length);
        position += length;
        return out;
    }

    public Hash readHash(String what) throws CodecException {
        return Hash.wrap(readBytes(Hash.BYTES, what));
    }

    /**
     * A CompactSize varint no larger than {@code max}; a value written longer than needed is
     * rejected, so every value has exactly one encoding.
     */
    public long readCompactSize(long max, String what) throws CodecException {
        int first = readByte(what);
        long value;
        long minimum;
        switch (first) {
            case 0xfd -> {
                require(2, what);
                value = (data[position] & 0xff) | (data[position + 1] & 0xff) << 8;
                position += 2;
                minimum = 0xfd;
            }
            case 0xfe -> {
                value = readUInt32(what);
                minimum = 0x10000;
            }
            case 0xff -> {
                value = readInt64(what);
                minimum = 0x100000000L;
            }
            default -> {
                value = first;
                minimum = 0;
            }
        }
        if (Long.compareUnsigned(value, minimum) < 0) {
            throw new CodecException(what + ": non-canonical CompactSize " + Long.toUnsignedString(value));
        }
        if (Long.compareUnsigned(value, max) > 0) {
            throw new CodecException(what + ": " + Long.toUnsignedString(value) + " exceeds the limit of " + max);
        }
        return value;
    }

    /**
     * A count of items each at least {@code minItemBytes} long: refused when the bytes that
     * remain could not hold that many, before anything is allocated for them.
     */
    public int readCount(int max, int minItemBytes, String what) throws CodecException {
        int count = (int) readCompactSize(max, what);
        if ((long) count * minItemBytes > remaining()) {
            throw new CodecException(what + ": " + count + " items cannot fit in the " + remaining() + " bytes left");
        }
        return count;
    }

    /** A CompactSize length (at most {@code maxLength}) and that many bytes. */
    public Bytes readVarBytes(int maxLength, String what) throws CodecException {
        int length = (int) readCompactSize(maxLength, what + " length");
        return Bytes.wrap(readBytes(length, what));
    }

    /** Fails unless every byte has been read: a canonical encoding has no trailing bytes. */
    public void requireEnd(String what) throws CodecException {
        if (position != end) {
            throw new CodecException(what + ": " + remaining() + " trailing bytes");
        }
    }

    private void require(int length, String what) throws CodecException {
        if (length > end - position) {
            throw new CodecException(what + ": truncated, needs " + length + " bytes but " + (end - position) + " remain");
        }
    }
}
