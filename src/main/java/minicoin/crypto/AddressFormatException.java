package minicoin.crypto;

import java.util.Objects;

/** A Base58, Base58Check, address or WIF string was refused; {@link #reason()} says which rule it broke. */
public final class AddressFormatException extends Exception {

    /** The rule a string broke, in the order the checks run. */
    public enum Reason {
        /** Nothing to decode. */
        EMPTY,
        /** A character outside the Bitcoin Base58 alphabet (which leaves out 0, O, I and l). */
        BAD_CHARACTER,
        /** The last four bytes are not the first four of the double SHA-256 of the rest. */
        BAD_CHECKSUM,
        /** Well formed, but for another kind of address or another chain. */
        WRONG_VERSION,
        /** The decoded bytes are not the size this kind of string must have. */
        WRONG_LENGTH,
        /** A WIF string whose 32-byte secret is 0 or not below the curve order. */
        KEY_OUT_OF_RANGE
    }

    private final Reason reason;

    AddressFormatException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason);
    }

    public Reason reason() {
        return reason;
    }
}
