package minicoin.chain;

import java.util.Objects;
import minicoin.core.RejectCode;
import minicoin.core.Rejection;

/** A block or transaction broke a rule; carries the rule's code and a sentence for the user. */
public final class ValidationException extends Exception {

    private final Rejection rejection;

    public ValidationException(Rejection rejection) {
        super(rejection.toString(), null, false, false);
        this.rejection = Objects.requireNonNull(rejection);
    }

    public ValidationException(RejectCode code, String reason) {
        this(new Rejection(code, reason));
    }

    public Rejection rejection() {
        return rejection;
    }

    public RejectCode code() {
        return rejection.code();
    }
}
