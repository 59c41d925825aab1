package minicoin.wallet;

import java.util.Objects;

/**
 * A wallet request was refused: {@link #code()} says which rule it broke, the message says so in
 * a sentence a user can act on. No message ever carries a secret or a passphrase.
 */
public final class WalletException extends Exception {

    /** Why a request was refused. */
    public enum Code {
        /** A payment of zero or fewer coins. */
        AMOUNT_NOT_POSITIVE,
        /** A fee below zero. */
        NEGATIVE_FEE,
        /** Amount plus fee is beyond the network's money limit (or would overflow). */
        AMOUNT_TOO_LARGE,
        /** An address string that does not parse; the message gives the parser's reason. */
        BAD_ADDRESS,
        /** A payment to no payee, or to more than {@link WalletStore#MAX_PAYEES}. */
        TOO_MANY_OUTPUTS,
        /** The same address twice among a payment's payees. */
        DUPLICATE_ADDRESS,
        /** The fee subtracted from an output leaves it nothing (Core's "amount is too small to pay the fee"). */
        FEE_EXCEEDS_AMOUNT,
        /** The paying address is not one of this wallet's (its key is not here). */
        UNKNOWN_ADDRESS,
        /** The spendable coins of the paying address do not cover amount plus fee. */
        INSUFFICIENT_FUNDS,
        /** The payment needs so many inputs that it would break the network's transaction size limit. */
        TX_TOO_LARGE,
        /** The wallet is encrypted and locked (or its unlock ran out): unlock it with walletpassphrase first. */
        LOCKED,
        /** Unlocking was asked of a wallet that has no passphrase. */
        NOT_ENCRYPTED,
        /** Encryption was asked of a wallet that already has a passphrase. */
        ALREADY_ENCRYPTED,
        /** An empty passphrase was offered to encrypt with. */
        EMPTY_PASSPHRASE,
        /** A new passphrase that is not valid Unicode text (a lone surrogate), so it has no UTF-8 bytes to stretch. */
        INVALID_PASSPHRASE,
        /** The passphrase does not decrypt this wallet. */
        WRONG_PASSPHRASE,
        /** A backup was asked to a relative path, which the node will not guess a directory for. */
        RELATIVE_BACKUP_PATH,
        /** The backup's file exists already, its directory is missing or unsafe, or the copy could not be written. */
        BACKUP_FAILED
    }

    private final Code code;

    WalletException(Code code, String message) {
        this(code, message, null);
    }

    WalletException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    public Code code() {
        return code;
    }
}
