package minicoin.p2p;

import java.util.Objects;

/** A peer sent bytes that break the wire protocol; {@link #error()} says which rule. */
public final class WireException extends Exception {

    private final WireError error;

    public WireException(WireError error, String message) {
        super(error + ": " + message);
        this.error = Objects.requireNonNull(error, "error");
    }

    public WireError error() {
        return error;
    }
}
