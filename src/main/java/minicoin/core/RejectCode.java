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
    BAD_MERKLE_ROOT,
    // Transactions in context: what they spend
    MISSING_INPUT,
    IMMATURE_COINBASE,
    WRONG_KEY,
    BAD_SIGNATURE,
    VALUE_CREATED,
    // Blocks in context: where they attach
    DUPLICATE_BLOCK,
    INVALID_PARENT,
    BAD_DIFFICULTY,
    TIME_TOO_OLD,
    BAD_COINBASE_HEIGHT,
    BAD_COINBASE_VALUE,
    GENESIS_MISMATCH,
    NO_GENESIS,
    // Mempool policy
    ALREADY_KNOWN,
    MEMPOOL_CONFLICT,
    COINBASE_OUTSIDE_BLOCK,
    MEMPOOL_FULL,
    /** An output worth less than spending it would cost at the dust relay fee (zero among them). */
    DUST,
    /** The fee is below the minimum relay fee rate for the transaction's size. */
    INSUFFICIENT_FEE,
    /** The fee is below the pool's rolling minimum, raised after it evicted transactions. */
    MEMPOOL_MIN_FEE,
    /** Too many unconfirmed ancestors, or too many of their bytes. */
    ANCESTOR_LIMIT,
    /** An unconfirmed ancestor would have too many descendants, or too many of their bytes. */
    DESCENDANT_LIMIT;

    /** Whether this is a node's own choice of what to relay and keep, not a consensus rule. */
    public boolean isPolicy() {
        return switch (this) {
            case ALREADY_KNOWN, MEMPOOL_CONFLICT, MEMPOOL_FULL, DUST, INSUFFICIENT_FEE, MEMPOOL_MIN_FEE,
                 ANCESTOR_LIMIT, DESCENDANT_LIMIT -> true;
            default -> false;
        };
    }
}
