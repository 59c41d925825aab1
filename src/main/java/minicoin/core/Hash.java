package minicoin.core;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import minicoin.crypto.Hashes;

/**
 * A 32-byte double SHA-256 hash. Bytes are held in the order the hash function produced them;
 * {@link #toString()} shows them reversed, as Bitcoin shows block hashes and txids.
 */
public final class Hash implements Comparable<Hash> {

    public static final int BYTES = 32;
    public static final Hash ZERO = new Hash(new byte[BYTES]);

    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;

    private Hash(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A hash from its 32 bytes in internal (hash function output) order. */
    public static Hash of(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("a hash has " + BYTES + " bytes, not " + bytes.length);
        }
        return new Hash(bytes.clone());
    }

    static Hash wrap(byte[] bytes) {
        return new Hash(bytes);
    }

    /** Double SHA-256 of {@code data}. */
    public static Hash doubleSha256(byte[] data) {
        return new Hash(Hashes.doubleSha256(data));
    }

    /** Parses the display form: 64 hex digits, byte-reversed. */
    public static Hash fromHex(String displayHex) {
        if (displayHex == null || displayHex.length() != 2 * BYTES) {
            throw new IllegalArgumentException("a hash is " + 2 * BYTES + " hex digits");
        }
        byte[] bytes;
        try {
            bytes = HEX.parseHex(displayHex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a hash is " + 2 * BYTES + " hex digits: " + e.getMessage());
        }
        reverse(bytes);
        return new Hash(bytes);
    }

    public byte[] toArray() {
        return bytes.clone();
    }

    byte[] unsafeArray() {
        return bytes;
    }

    public boolean isZero() {
        return equals(ZERO);
    }

    /** The hash read as an unsigned little-endian 256-bit number, as proof of work compares it. */
    public BigInteger toBigInteger() {
        byte[] bigEndian = bytes.clone();
        reverse(bigEndian);
        return new BigInteger(1, bigEndian);
    }

    /** Orders hashes by their value as little-endian numbers (the fork-choice tie-break). */
    @Override
    public int compareTo(Hash other) {
        for (int i = BYTES - 1; i >= 0; i--) {
            int cmp = Integer.compare(bytes[i] & 0xff, other.bytes[i] & 0xff);
            if (cmp != 0) {
                return cmp;
            }
        }
        return 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Hash that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        // The bytes are already uniformly distributed.
        return (bytes[0] & 0xff) | (bytes[1] & 0xff) << 8 | (bytes[2] & 0xff) << 16 | (bytes[3] & 0xff) << 24;
    }

    @Override
    public String toString() {
        byte[] display = bytes.clone();
        reverse(display);
        return HEX.formatHex(display);
    }

    private static void reverse(byte[] bytes) {
        for (int i = 0, j = bytes.length - 1; i < j; i++, j--) {
            byte tmp = bytes[i];
            bytes[i] = bytes[j];
            bytes[j] = tmp;
        }
    }
}
