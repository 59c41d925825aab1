package minicoin.crypto;

import java.security.MessageDigest;
import java.util.Arrays;

/** Base58 with a 4-byte double-SHA-256 checksum, so that a mistyped character is caught. */
public final class Base58Check {

    /** Bytes of checksum appended: enough that a random typo slips through once in 2^32. */
    static final int CHECKSUM_BYTES = 4;

    private Base58Check() {
    }

    public static String encode(byte[] versionAndPayload) {
        byte[] withChecksum = Arrays.copyOf(versionAndPayload, versionAndPayload.length + CHECKSUM_BYTES);
        byte[] checksum = Hashes.doubleSha256(versionAndPayload);
        System.arraycopy(checksum, 0, withChecksum, versionAndPayload.length, CHECKSUM_BYTES);
        return Base58.encode(withChecksum);
    }

    /** The version byte and payload, checksum verified and removed. */
    public static byte[] decode(String text) throws AddressFormatException {
        if (text.isEmpty()) {
            throw new AddressFormatException(AddressFormatException.Reason.EMPTY, "empty Base58Check string");
        }
        byte[] decoded = Base58.decode(text);
        if (decoded.length < CHECKSUM_BYTES) {
            throw new AddressFormatException(AddressFormatException.Reason.WRONG_LENGTH,
                    "Base58Check string too short: " + decoded.length + " bytes, need at least " + CHECKSUM_BYTES);
        }
        int payloadLength = decoded.length - CHECKSUM_BYTES;
        byte[] expected = Arrays.copyOf(Hashes.doubleSha256(decoded, 0, payloadLength), CHECKSUM_BYTES);
        byte[] actual = Arrays.copyOfRange(decoded, payloadLength, decoded.length);
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new AddressFormatException(AddressFormatException.Reason.BAD_CHECKSUM,
                    "Base58Check checksum does not match; the string is mistyped or truncated");
        }
        return Arrays.copyOf(decoded, payloadLength);
    }
}
