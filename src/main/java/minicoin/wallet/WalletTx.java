package minicoin.wallet;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import minicoin.core.Hash;
import minicoin.core.Transaction;

/**
 * The wallet's record of one transaction: one it made, or one paying its addresses that it saw in
 * the mempool or a block.
 *
 * @param mine      the wallet made and signed it
 * @param created   when the wallet recorded it, in seconds
 * @param blockHash for CONFIRMED the block holding it; for CONFLICTED the block holding the spend that displaced it,
 *                  or none when it, or a transaction it spends, left the chain in a reorganisation (the note says so)
 * @param height    that block's height
 * @param note      why the chain last refused it, if it did
 * @param fee       what a payment the wallet made leaves to the miner, when recorded with it
 */
public record WalletTx(Transaction tx, Status status, boolean mine, long created, Optional<Hash> blockHash,
                       OptionalLong height, Optional<String> note, OptionalLong fee) {

    /** Bitcoin Core's wallet states, less "abandoned". */
    public enum Status {
        /** In no block yet: rebroadcast at start and periodically. */
        PENDING,
        /** In a block of the main chain. */
        CONFIRMED,
        /**
         * A transaction spending one of the same coins is in a block of the main chain, or it (or one
         * it spends) left the chain and the pool in a reorganisation: it can never confirm unless that returns.
         */
        CONFLICTED,
        /** The chain refused it when it was made, so it was never broadcast (and was not acknowledged). */
        REFUSED;

        /** The lower-case name RPC shows. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public WalletTx {
        Objects.requireNonNull(tx, "tx");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(blockHash, "blockHash");
        Objects.requireNonNull(height, "height");
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(fee, "fee");
    }

    /** A record without a known fee, as recorded before fees were kept or for a transaction paying the wallet. */
    public WalletTx(Transaction tx, Status status, boolean mine, long created, Optional<Hash> blockHash,
                    OptionalLong height, Optional<String> note) {
        this(tx, status, mine, created, blockHash, height, note, OptionalLong.empty());
    }

    public Hash txid() {
        return tx.txid();
    }
}
