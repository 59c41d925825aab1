package minicoin.crypto;

import java.util.Arrays;
import java.util.Locale;

/**
 * A main-chain pay-to-public-key-hash address: the HASH160 of a compressed public key, written in
 * Base58Check behind version byte 0x00, so it always starts with '1'.
 */
public final class Address implements Comparable<Address> {

    /** Bitcoin main-chain P2PKH version byte; it is what makes the string start with '1'. */
    public static final byte P2PKH_VERSION = 0x00;
    /** Version byte plus the 20-byte key hash. */
    static final int VERSIONED_BYTES = 1 + Hashes.HASH160_BYTES;

    private static final byte P2SH_VERSION = 0x05;
    private static final byte TESTNET_P2PKH_VERSION = 0x6f;
    private static final byte TESTNET_P2SH_VERSION = (byte) 0xc4;

    private final byte[] hash160;
    /** Written on first use: decoding a block builds an address per output but rarely prints one. */
    private volatile String text;

    private Address(byte[] hash160) {
        this.hash160 = hash160;
    }

    public static Address ofHash160(byte[] twentyBytes) {
        if (twentyBytes == null || twentyBytes.length != Hashes.HASH160_BYTES) {
            throw new IllegalArgumentException("a P2PKH key hash is " + Hashes.HASH160_BYTES + " bytes, got "
                    + (twentyBytes == null ? "null" : twentyBytes.length));
        }
        return new Address(twentyBytes.clone());
    }

    public static Address of(PublicKey key) {
        return new Address(Hashes.hash160(key.toBytes()));
    }

    /**
     * Parses a "1..." address. Checks run in a fixed order (empty, characters, checksum, length,
     * version) so the reason names the first rule the string breaks.
     */
    public static Address parse(String text) throws AddressFormatException {
        if (text == null || text.isEmpty()) {
            throw new AddressFormatException(AddressFormatException.Reason.EMPTY, "empty address");
        }
        byte[] versioned;
        try {
            versioned = Base58Check.decode(text);
        } catch (AddressFormatException e) {
            throw new AddressFormatException(e.reason(), e.getMessage() + bech32Hint(text));
        }
        if (versioned.length != VERSIONED_BYTES) {
            throw new AddressFormatException(AddressFormatException.Reason.WRONG_LENGTH,
                    "address payload is " + versioned.length + " bytes, a P2PKH address has " + VERSIONED_BYTES);
        }
        if (versioned[0] != P2PKH_VERSION) {
            throw new AddressFormatException(AddressFormatException.Reason.WRONG_VERSION,
                    "address version 0x" + String.format("%02x", versioned[0] & 0xff) + " is "
                            + describeVersion(versioned[0]) + "; only main-chain P2PKH addresses (version 0x00, '1...') are supported");
        }
        return new Address(Arrays.copyOfRange(versioned, 1, VERSIONED_BYTES));
    }

    private static String bech32Hint(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("bc1") || lower.startsWith("tb1") || lower.startsWith("bcrt1")) {
            return " (this looks like a bech32 SegWit address, which is not supported; use a '1...' P2PKH address)";
        }
        return "";
    }

    private static String describeVersion(byte version) {
        return switch (version) {
            case P2SH_VERSION -> "a main-chain P2SH address ('3...')";
            case TESTNET_P2PKH_VERSION -> "a testnet P2PKH address ('m...' or 'n...')";
            case TESTNET_P2SH_VERSION -> "a testnet P2SH address ('2...')";
            default -> "not a main-chain P2PKH address";
        };
    }

    /** The 20-byte key hash; a copy, so the address stays immutable. */
    public byte[] hash160() {
        return hash160.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Address that && Arrays.equals(hash160, that.hash160);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hash160);
    }

    @Override
    public int compareTo(Address other) {
        return Arrays.compareUnsigned(hash160, other.hash160);
    }

    /** The Base58Check form, "1...". */
    @Override
    public String toString() {
        String result = text;
        if (result == null) {
            byte[] versioned = new byte[VERSIONED_BYTES];
            versioned[0] = P2PKH_VERSION;
            System.arraycopy(hash160, 0, versioned, 1, Hashes.HASH160_BYTES);
            result = Base58Check.encode(versioned);
            text = result;
        }
        return result;
    }
}
