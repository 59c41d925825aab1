package minicoin.crypto;

import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.math.ec.ECPoint;

/** A secp256k1 public key, always held and written in the 33-byte compressed form. */
public final class PublicKey {

    /** Prefix byte (02 or 03 for the parity of y) plus the 32-byte x coordinate. */
    public static final int COMPRESSED_BYTES = 33;
    private static final byte EVEN_Y_PREFIX = 0x02;
    private static final byte ODD_Y_PREFIX = 0x03;

    private final byte[] encoded;
    /** The decoded, normalised point, kept so verification need not decompress it again. */
    private final ECPoint point;

    private PublicKey(byte[] encoded, ECPoint point) {
        this.encoded = encoded;
        this.point = point;
    }

    /** Accepts only the compressed form: 33 bytes, prefix 02 or 03, an x that lies on the curve. */
    public static PublicKey fromBytes(byte[] compressed) {
        if (!hasCompressedShape(compressed)) {
            throw new IllegalArgumentException("a compressed public key is " + COMPRESSED_BYTES
                    + " bytes starting 02 or 03");
        }
        ECPoint point = decodePoint(compressed);
        if (point == null) {
            throw new IllegalArgumentException("public key is not a point on secp256k1");
        }
        return new PublicKey(compressed.clone(), point);
    }

    static PublicKey ofPoint(ECPoint point) {
        ECPoint normal = point.normalize();
        return new PublicKey(normal.getEncoded(true), normal);
    }

    static boolean hasCompressedShape(byte[] bytes) {
        return bytes != null && bytes.length == COMPRESSED_BYTES
                && (bytes[0] == EVEN_Y_PREFIX || bytes[0] == ODD_Y_PREFIX);
    }

    /** The point for 33 compressed-shaped bytes, or null when x is not on the curve (or not below p). */
    static ECPoint decodePoint(byte[] compressed) {
        try {
            return Secp256k1.CURVE.decodePoint(compressed);
        } catch (IllegalArgumentException notOnCurve) {
            // Bouncy Castle's only way of saying "no such point"; the shape was checked by the caller.
            return null;
        }
    }

    ECPoint point() {
        return point;
    }

    /** The 33 compressed bytes; a copy. */
    public byte[] toBytes() {
        return encoded.clone();
    }

    public Address address() {
        return Address.of(this);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PublicKey that && Arrays.equals(encoded, that.encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(encoded);
    }
}
