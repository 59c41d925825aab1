package minicoin.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * Wallet Import Format: a private key in Base58Check behind version 0x80, with a trailing 0x01
 * when its public key is meant to be used compressed. Minicoin itself always uses the compressed
 * key; the flag is kept so imported strings round-trip exactly.
 */
public record Wif(PrivateKey key, boolean compressed) {

    /** Bitcoin main-chain private key version byte; makes strings start '5' (uncompressed) or 'K'/'L'. */
    public static final byte MAIN_VERSION = (byte) 0x80;
    /** Marker byte after the secret saying "use the compressed public key". */
    private static final byte COMPRESSED_MARKER = 0x01;
    private static final int UNCOMPRESSED_PAYLOAD_BYTES = 1 + Secp256k1.SCALAR_BYTES;
    private static final int COMPRESSED_PAYLOAD_BYTES = UNCOMPRESSED_PAYLOAD_BYTES + 1;

    public Wif {
        Objects.requireNonNull(key, "key");
    }

    public String encode() {
        byte[] payload = new byte[compressed ? COMPRESSED_PAYLOAD_BYTES : UNCOMPRESSED_PAYLOAD_BYTES];
        payload[0] = MAIN_VERSION;
        byte[] secret = key.toBytes();
        System.arraycopy(secret, 0, payload, 1, Secp256k1.SCALAR_BYTES);
        Arrays.fill(secret, (byte) 0);
        if (compressed) {
            payload[COMPRESSED_PAYLOAD_BYTES - 1] = COMPRESSED_MARKER;
        }
        String text = Base58Check.encode(payload);
        Arrays.fill(payload, (byte) 0);
        return text;
    }

    /** Checks, in order: empty, characters, checksum, length and marker, version, key range. */
    public static Wif decode(String text) throws AddressFormatException {
        if (text == null || text.isEmpty()) {
            throw new AddressFormatException(AddressFormatException.Reason.EMPTY, "empty WIF string");
        }
        byte[] payload = Base58Check.decode(text);
        try {
            boolean compressed = payload.length == COMPRESSED_PAYLOAD_BYTES
                    && payload[COMPRESSED_PAYLOAD_BYTES - 1] == COMPRESSED_MARKER;
            if (payload.length != UNCOMPRESSED_PAYLOAD_BYTES && !compressed) {
                throw new AddressFormatException(AddressFormatException.Reason.WRONG_LENGTH,
                        "WIF payload is " + payload.length + " bytes; expected " + UNCOMPRESSED_PAYLOAD_BYTES
                                + ", or " + COMPRESSED_PAYLOAD_BYTES + " ending in 01");
            }
            if (payload[0] != MAIN_VERSION) {
                throw new AddressFormatException(AddressFormatException.Reason.WRONG_VERSION,
                        "WIF version 0x" + String.format("%02x", payload[0] & 0xff)
                                + " is not the main-chain private key version 0x80");
            }
            byte[] secret = Arrays.copyOfRange(payload, 1, 1 + Secp256k1.SCALAR_BYTES);
            try {
                return new Wif(PrivateKey.fromBytes(secret), compressed);
            } catch (IllegalArgumentException outOfRange) {
                throw new AddressFormatException(AddressFormatException.Reason.KEY_OUT_OF_RANGE, outOfRange.getMessage());
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
        } finally {
            Arrays.fill(payload, (byte) 0);
        }
    }
}
