package minicoin.rpc.methods;

import java.util.Locale;
import minicoin.core.RejectCode;

/**
 * Bitcoin Core's reason strings for our rule codes: testmempoolaccept's {@code reject-reason} and
 * submitblock's BIP 22 answer, so a client that matches Core's strings reads ours. A rule Core
 * has not (a second genesis, a coinbase signature) keeps our code, in Core's lower-case hyphenated
 * form.
 */
final class CoreRejectReason {

    /** Core's reason for any script or signature failure: Minicoin has no scripts, only a P2PKH-like check. */
    private static final String SCRIPT_FAILED = "mandatory-script-verify-flag-failed";

    private CoreRejectReason() {
    }

    /** The reason Core's mempool gives (validation.cpp's MemPoolAccept, policy and consensus checks). */
    static String forTransaction(RejectCode code) {
        return switch (code) {
            case MISSING_INPUT -> "missing-inputs";
            case ALREADY_KNOWN -> "txn-already-in-mempool";
            case MEMPOOL_CONFLICT -> "txn-mempool-conflict";
            case COINBASE_OUTSIDE_BLOCK -> "coinbase";
            case MEMPOOL_FULL -> "mempool full";
            case DUST -> "dust";
            case INSUFFICIENT_FEE -> "min relay fee not met";
            case MEMPOOL_MIN_FEE -> "mempool min fee not met";
            case ANCESTOR_LIMIT, DESCENDANT_LIMIT -> "too-long-mempool-chain";
            default -> common(code);
        };
    }

    /** The reason Core's submitblock gives for a block that breaks a rule (BIP 22, validation.cpp). */
    static String forBlock(RejectCode code) {
        return switch (code) {
            case MISSING_INPUT -> "bad-txns-inputs-missingorspent";
            case BLOCK_TOO_LARGE, NO_TRANSACTIONS -> "bad-blk-length";
            case BAD_BITS, BAD_DIFFICULTY -> "bad-diffbits";
            case HIGH_HASH -> "high-hash";
            case TIME_TOO_NEW -> "time-too-new";
            case TIME_TOO_OLD -> "time-too-old";
            case FIRST_NOT_COINBASE -> "bad-cb-missing";
            case MULTIPLE_COINBASES -> "bad-cb-multiple";
            case DUPLICATE_TRANSACTION -> "bad-txns-duplicate";
            case BAD_MERKLE_ROOT -> "bad-txnmrklroot";
            case DUPLICATE_BLOCK -> "duplicate";
            case INVALID_PARENT -> "bad-prevblk";
            case BAD_COINBASE_HEIGHT -> "bad-cb-height";
            case BAD_COINBASE_VALUE -> "bad-cb-amount";
            default -> common(code);
        };
    }

    /** Rules a transaction breaks alike in the pool and in a block: Core's consensus reasons (tx_check.cpp, tx_verify.cpp). */
    private static String common(RejectCode code) {
        return switch (code) {
            case NO_INPUTS -> "bad-txns-vin-empty";
            case NO_OUTPUTS -> "bad-txns-vout-empty";
            case TX_TOO_LARGE -> "bad-txns-oversize";
            case NEGATIVE_VALUE -> "bad-txns-vout-negative";
            case VALUE_TOO_LARGE -> "bad-txns-vout-toolarge";
            case TOTAL_TOO_LARGE -> "bad-txns-txouttotal-toolarge";
            case DUPLICATE_INPUT -> "bad-txns-inputs-duplicate";
            case NULL_PREVOUT -> "bad-txns-prevout-null";
            case BAD_COINBASE_DATA -> "bad-cb-length";
            case IMMATURE_COINBASE -> "bad-txns-premature-spend-of-coinbase";
            case VALUE_CREATED -> "bad-txns-in-belowout";
            case BAD_PUBLIC_KEY, BAD_SIGNATURE_ENCODING, WRONG_KEY, BAD_SIGNATURE -> SCRIPT_FAILED;
            default -> code.name().toLowerCase(Locale.ROOT).replace('_', '-');
        };
    }
}
