package minicoin.core;

import java.util.Objects;

/** A broken rule: its code, and a sentence that says what exactly was wrong. */
public record Rejection(RejectCode code, String reason) {

    public Rejection {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return code + ": " + reason;
    }
}
