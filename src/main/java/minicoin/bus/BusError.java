package minicoin.bus;

import io.vertx.core.eventbus.ReplyException;

/**
 * Failure codes of event-bus replies ({@code message.fail(code, text)}); the text is a sentence for
 * the user. RPC turns each into its JSON-RPC error (docs/rpc.md).
 */
public enum BusError {
    /** The request itself is malformed: missing or wrong fields. */
    INVALID_REQUEST(1),
    /** No such block, transaction or height. */
    NOT_FOUND(2),
    /** A consensus or mempool rule refused it; the text starts with the rule's code, e.g. "MISSING_INPUT: ...". */
    REJECTED(3),
    INSUFFICIENT_FUNDS(4),
    /** The sending address is not in this node's wallet. */
    UNKNOWN_ADDRESS(5),
    /** A string is not a valid address. */
    BAD_ADDRESS(6),
    /** An amount or fee out of range. */
    BAD_AMOUNT(7),
    /** The chain has no genesis block yet. */
    NO_GENESIS(8),
    /** The wallet is encrypted and locked: walletpassphrase first. */
    WALLET_LOCKED(9),
    /** Anything else: a bug or a storage failure, logged where it happened. */
    INTERNAL(10),
    /** The passphrase does not unlock the wallet. */
    WRONG_PASSPHRASE(11),
    /** Unlocking, locking or changing the passphrase of a wallet without one; encrypting one that has one. */
    WRONG_ENCRYPTION_STATE(12),
    /** The wallet could not do what was asked for a reason the text gives (a backup that failed). */
    WALLET_ERROR(13);

    private final int code;

    BusError(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static BusError of(int code) {
        for (BusError error : values()) {
            if (error.code == code) {
                return error;
            }
        }
        return INTERNAL;
    }

    /** The error a failed request carries, INTERNAL for a time-out or a missing handler. */
    public static BusError of(Throwable failure) {
        return failure instanceof ReplyException reply && reply.failureType() == io.vertx.core.eventbus.ReplyFailure.RECIPIENT_FAILURE
                ? of(reply.failureCode()) : INTERNAL;
    }
}
