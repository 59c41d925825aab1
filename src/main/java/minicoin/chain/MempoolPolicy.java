package minicoin.chain;

import java.util.Objects;
import minicoin.core.FeeRate;

/**
 * What the mempool takes beyond consensus, as Bitcoin Core's relay policy: a node's own choice,
 * so a peer whose transaction falls short of it is not punished (docs/mempool.md).
 *
 * @param minRelayFee          the least fee rate a transaction pays to enter or be relayed
 * @param incrementalRelayFee  what the rolling minimum rises by above an evicted package's rate
 * @param dustRelayFee         an output worth less than spending it costs at this rate is dust
 * @param maxAncestors         unconfirmed ancestors of a transaction, itself included
 * @param maxAncestorBytes     their encoded bytes, itself included
 * @param maxDescendants       unconfirmed descendants of any transaction, itself included
 * @param maxDescendantBytes   their encoded bytes, itself included
 * @param maxUsageBytes        estimated heap the pool may hold ({@link HeapEstimate})
 * @param rollingFeeHalfLifeSeconds how fast the rolling minimum decays once a block has come
 */
public record MempoolPolicy(FeeRate minRelayFee, FeeRate incrementalRelayFee, FeeRate dustRelayFee,
                            int maxAncestors, long maxAncestorBytes, int maxDescendants, long maxDescendantBytes,
                            long maxUsageBytes, long rollingFeeHalfLifeSeconds) {

    /**
     * The smallest whole-coin rate: a 200-byte payment owes 1 coin (a thousandth of a block reward),
     * a 100 kB transaction 100, so filling a pool costs coins in proportion to its bytes.
     */
    public static final FeeRate DEFAULT_MIN_RELAY_FEE = new FeeRate(1);
    /** Core's incremental relay fee equals its minimum relay fee: an eviction costs the next comer at least one step. */
    public static final FeeRate DEFAULT_INCREMENTAL_RELAY_FEE = new FeeRate(1);
    /** Core's dust relay fee, 3 times the minimum relay fee: with whole coins it makes every zero output dust. */
    public static final FeeRate DEFAULT_DUST_RELAY_FEE = new FeeRate(3);
    /** Core's limit: chains longer than this are rarely honest, and every check walks the chain. */
    public static final int DEFAULT_MAX_ANCESTORS = 25;
    /** Core's 101 kB: the largest transaction (100 kB, the consensus cap) plus room for a small parent. */
    public static final long DEFAULT_MAX_ANCESTOR_BYTES = 101_000;
    /** Core's limit, for the same reasons as ancestors; it bounds what one eviction or block removes. */
    public static final int DEFAULT_MAX_DESCENDANTS = 25;
    /** Core's 101 kB, as for ancestors. */
    public static final long DEFAULT_MAX_DESCENDANT_BYTES = 101_000;
    /**
     * An eighth of the devnet's 256 MB heap: some 35,000 payments or 8 MB of encodings, eight full
     * blocks of backlog, leaving the heap to the chain, the store's changes held between checkpoints
     * and the peers.
     */
    public static final long DEFAULT_MAX_USAGE_BYTES = 32L * 1024 * 1024;
    /** Core's 12 hours (halved when the pool is under half full, quartered under a quarter). */
    public static final long DEFAULT_ROLLING_FEE_HALF_LIFE_SECONDS = 12 * 60 * 60;

    public static final MempoolPolicy DEFAULT = new MempoolPolicy(DEFAULT_MIN_RELAY_FEE, DEFAULT_INCREMENTAL_RELAY_FEE,
            DEFAULT_DUST_RELAY_FEE, DEFAULT_MAX_ANCESTORS, DEFAULT_MAX_ANCESTOR_BYTES, DEFAULT_MAX_DESCENDANTS,
            DEFAULT_MAX_DESCENDANT_BYTES, DEFAULT_MAX_USAGE_BYTES, DEFAULT_ROLLING_FEE_HALF_LIFE_SECONDS);

    /** Consensus only, within the default memory: for tests whose point is not the policy. */
    public static final MempoolPolicy PERMISSIVE = new MempoolPolicy(FeeRate.ZERO, FeeRate.ZERO, FeeRate.ZERO,
            Integer.MAX_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE, DEFAULT_MAX_USAGE_BYTES,
            DEFAULT_ROLLING_FEE_HALF_LIFE_SECONDS);

    public MempoolPolicy {
        Objects.requireNonNull(minRelayFee, "minRelayFee");
        Objects.requireNonNull(incrementalRelayFee, "incrementalRelayFee");
        Objects.requireNonNull(dustRelayFee, "dustRelayFee");
        if (maxAncestors < 1 || maxDescendants < 1 || maxAncestorBytes < 1 || maxDescendantBytes < 1
                || maxUsageBytes < 1 || rollingFeeHalfLifeSeconds < 1) {
            throw new IllegalArgumentException("mempool limits must be positive: " + maxAncestors + " ancestors of "
                    + maxAncestorBytes + " bytes, " + maxDescendants + " descendants of " + maxDescendantBytes
                    + " bytes, " + maxUsageBytes + " bytes of heap, a half-life of " + rollingFeeHalfLifeSeconds + " s");
        }
    }

    /** This policy with another memory cap. */
    public MempoolPolicy withMaxUsageBytes(long bytes) {
        return new MempoolPolicy(minRelayFee, incrementalRelayFee, dustRelayFee, maxAncestors, maxAncestorBytes,
                maxDescendants, maxDescendantBytes, bytes, rollingFeeHalfLifeSeconds);
    }

    /** This policy with another minimum relay fee rate. */
    public MempoolPolicy withMinRelayFee(FeeRate rate) {
        return new MempoolPolicy(rate, incrementalRelayFee, dustRelayFee, maxAncestors, maxAncestorBytes,
                maxDescendants, maxDescendantBytes, maxUsageBytes, rollingFeeHalfLifeSeconds);
    }
}
