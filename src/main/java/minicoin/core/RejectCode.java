package minicoin.core;

/** Why a transaction or block breaks a consensus rule; tests and peers see the code, users the sentence. */
public enum RejectCode {
    // Transactions
    NO_INPUTS,
    NO_OUTPUTS,
    TX_TOO_LARGE,
    NEGATIVE_VALUE,
    VALUE_TOO_LARGE,
    TOTAL_TOO_LARGE,
    DUPLICATE_INPUT,
    NULL_PREVOUT,
    BAD_COINBASE_DATA,
    BAD_COINBASE_SIGNATURE,
    BAD_PUBLIC_KEY,
    BAD_SIGNATURE_ENCODING,
    // Blocks
    BLOCK_TOO_LARGE,
    BAD_BITS,
    HIGH_HASH,
    TIME_TOO_NEW,
    NO_TRANSACTIONS,
    FIRST_NOT_COINBASE,
    MULTIPLE_COINBASES,
    DUPLICATE_TRANSACTION,
    BAD_MERKLE_ROOT
}
