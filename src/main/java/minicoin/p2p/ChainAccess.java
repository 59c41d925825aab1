package minicoin.p2p;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import minicoin.chain.ChainState;
import minicoin.core.Block;
import minicoin.core.BlockHeader;
import minicoin.core.Hash;
import minicoin.core.RejectCode;
import minicoin.core.Rejection;
import minicoin.core.Transaction;

/**
 * What the peer layer asks of the chain, asynchronously: in the node each call is an event-bus
 * request to the chain worker ({@link BusChainAccess}); tests answer from a chain in memory. A
 * stage fails only when the chain cannot be asked (not deployed, timed out); a block or
 * transaction that breaks a rule is an answer, not a failure.
 */
public interface ChainAccess {

    /** What we tell a peer in our handshake; a chain with no genesis has zero hashes, height 0 and work 0. */
    record Summary(Hash genesis, long height, Hash best, BigInteger work) {
        public Summary {
            Objects.requireNonNull(genesis, "genesis");
            Objects.requireNonNull(best, "best");
            Objects.requireNonNull(work, "work");
        }
    }

    /**
     * Headers the chain did not store because their branch has less work than the chain
     * (docs/protocol.md, header pre-sync): where the branch forks and the work it must reach.
     *
     * @param chainStart     the header the branch forks from, held by the chain
     * @param height         its height
     * @param chainWork      its cumulative work
     * @param medianTimePast its median time past
     * @param requiredWork   the work the branch must reach to be stored
     */
    record LowWork(BlockHeader chainStart, long height, BigInteger chainWork, long medianTimePast, BigInteger requiredWork) {
        public LowWork {
            Objects.requireNonNull(chainStart, "chainStart");
            Objects.requireNonNull(chainWork, "chainWork");
            Objects.requireNonNull(requiredWork, "requiredWork");
        }
    }

    /**
     * @param accepted    how many headers were accepted, in order, before a failure
     * @param unconnected the first header attaches to nothing we know
     * @param rejection   the rule the first bad header broke
     * @param missing     blocks to download for the branch the last good header ends, lowest first
     * @param lowWork     present when nothing was stored because the branch has too little work
     */
    record HeadersVerdict(int accepted, boolean unconnected, Optional<Rejection> rejection, List<Hash> missing,
                          Optional<LowWork> lowWork) {
        public HeadersVerdict {
            Objects.requireNonNull(rejection, "rejection");
            Objects.requireNonNull(lowWork, "lowWork");
            missing = List.copyOf(missing);
        }
    }

    /** Block hashes and txids: what a peer announced, or what of it we lack. */
    record Inventory(List<Hash> blocks, List<Hash> txs) {
        public Inventory {
            blocks = List.copyOf(blocks);
            txs = List.copyOf(txs);
        }
    }

    record BlockVerdict(ChainState.Outcome outcome, Optional<Rejection> rejection) {
        public BlockVerdict {
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(rejection, "rejection");
        }
    }

    CompletionStage<Summary> summary();

    /** Our block locator (docs/protocol.md). */
    CompletionStage<List<Hash>> locator();

    /** Our main-chain headers after the fork point with {@code locator}, up to {@code stop} or {@code max}. */
    CompletionStage<List<BlockHeader>> headers(List<Hash> locator, Hash stop, int max);

    /**
     * Stores headers whose branch has enough work (or {@code presynced} ones, which passed the
     * header pre-sync); a branch with less work than the chain is not stored and the verdict says so.
     */
    CompletionStage<HeadersVerdict> acceptHeaders(List<BlockHeader> headers, boolean presynced);

    /** The part of {@code announced} we neither hold nor have in the mempool. */
    CompletionStage<Inventory> missing(Inventory announced);

    CompletionStage<Optional<Block>> block(Hash hash);

    /** The mempool transactions among {@code txids}; unknown ones are left out. */
    CompletionStage<List<Transaction>> transactions(List<Hash> txids);

    /**
     * At most {@code max} mempool txids to announce to a newly connected peer: the best fee rate
     * first, each after its pool parents ({@code Mempool.relayOrder}).
     */
    CompletionStage<List<Hash>> poolTxids(int max);

    /** @param source who sent it (a peer's address), for the chain's per-source orphan cap */
    CompletionStage<BlockVerdict> submitBlock(Block block, String source);

    /** Empty when the mempool took the transaction. */
    CompletionStage<Optional<Rejection>> submitTransaction(Transaction tx);

    /** Whether a rejected block proves its sender broke the rules, rather than being late, early or on another network. */
    static boolean provesBadBlock(RejectCode code) {
        return switch (code) {
            case TIME_TOO_NEW, DUPLICATE_BLOCK, GENESIS_MISMATCH, NO_GENESIS -> false;
            default -> true;
        };
    }

    /**
     * Whether a rejected transaction breaks a consensus rule, rather than our policy (fees, dust,
     * chain limits, a full pool: docs/mempool.md) or a race (spent, known).
     */
    static boolean provesBadTransaction(RejectCode code) {
        if (code.isPolicy()) {
            return false;
        }
        return switch (code) {
            case MISSING_INPUT, IMMATURE_COINBASE, NO_GENESIS,
                 GENESIS_MISMATCH, DUPLICATE_BLOCK, INVALID_PARENT, TIME_TOO_NEW, TIME_TOO_OLD -> false;
            default -> true;
        };
    }
}
