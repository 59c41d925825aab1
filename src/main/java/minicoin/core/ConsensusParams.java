package minicoin.core;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/**
 * Every consensus number of one network. Nodes agree only if they share these exactly; the network
 * magic keeps nodes of different networks from talking at all.
 *
 * @param name                       the network's name in config files ({@code main}, {@code devnet}, {@code regtest})
 * @param magic                      first four bytes of every peer frame
 * @param subsidy                    coins a block may create (the seed's reward: 1000)
 * @param maxMoney                   no output value or sum of values may exceed this
 * @param maxBlockBytes              encoded block size cap
 * @param maxTxBytes                 encoded transaction size cap
 * @param targetSpacingSeconds       intended time between blocks
 * @param retargetInterval           blocks between difficulty changes; 0 keeps {@code initialBits} forever
 * @param powLimit                   easiest target allowed
 * @param initialBits                compact target of the genesis block (and of every block when fixed)
 * @param coinbaseMaturity           blocks before a coinbase output may be spent (0: at once, as the seed)
 * @param maxFutureBlockTimeSeconds  how far ahead of the local clock a block's time may be
 */
public record ConsensusParams(
        String name,
        int magic,
        long subsidy,
        long maxMoney,
        int maxBlockBytes,
        int maxTxBytes,
        long targetSpacingSeconds,
        int retargetInterval,
        BigInteger powLimit,
        long initialBits,
        int coinbaseMaturity,
        long maxFutureBlockTimeSeconds) {

    /** Blocks whose median time a new block must exceed (Bitcoin's 11). */
    public static final int MEDIAN_TIME_SPAN = 11;
    /** A retarget never moves the target more than this factor either way. */
    public static final int RETARGET_CLAMP = 4;

    /** Long-lived network: two-minute blocks, difficulty retargeted every 720 blocks (a day). */
    public static final ConsensusParams MAIN = new ConsensusParams(
            "main", 0x4d494e49, 1000, 1_000_000_000_000L, 1_000_000, 100_000,
            120, 720, ProofOfWork.decodeBits(0x1e0fffffL), 0x1e0fffffL, 100, 2 * 60 * 60);

    /**
     * The default: fixed difficulty of about 65,000 hashes a block (milliseconds on one core), so
     * a developer's walkthrough and the tests on two cores mine at once; coinbases spendable at
     * once, as in the seed.
     */
    public static final ConsensusParams DEVNET = new ConsensusParams(
            "devnet", 0x4d444556, 1000, 1_000_000_000_000L, 1_000_000, 100_000,
            10, 0, ProofOfWork.decodeBits(0x1f00ffffL), 0x1f00ffffL, 0, 2 * 60 * 60);

    /** Trivial proof of work (about two hashes a block) for tests that build many chains. */
    public static final ConsensusParams REGTEST = new ConsensusParams(
            "regtest", 0x4d524547, 1000, 1_000_000_000_000L, 1_000_000, 100_000,
            10, 0, ProofOfWork.decodeBits(0x207fffffL), 0x207fffffL, 0, 2 * 60 * 60);

    public static final List<ConsensusParams> NETWORKS = List.of(MAIN, DEVNET, REGTEST);

    public ConsensusParams {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(powLimit, "powLimit");
        require(subsidy >= 0 && subsidy <= maxMoney, "subsidy must be within 0..maxMoney");
        require(maxMoney > 0 && maxMoney <= Long.MAX_VALUE / 2, "maxMoney must leave room for sums");
        require(maxBlockBytes > BlockHeader.BYTES && maxBlockBytes <= Block.MAX_BYTES,
                "maxBlockBytes must be within the codec cap of " + Block.MAX_BYTES);
        require(maxTxBytes >= Transaction.MIN_BYTES && maxTxBytes <= Math.min(maxBlockBytes, Transaction.MAX_BYTES),
                "maxTxBytes must fit in a block and the codec cap");
        require(targetSpacingSeconds > 0, "targetSpacingSeconds must be positive");
        require(retargetInterval >= 0, "retargetInterval must be 0 (fixed) or positive");
        require(powLimit.signum() > 0 && powLimit.bitLength() <= 256, "powLimit must be a positive 256-bit number");
        require(ProofOfWork.decodeBits(initialBits).compareTo(powLimit) <= 0, "initialBits must not exceed powLimit");
        require(coinbaseMaturity >= 0, "coinbaseMaturity must not be negative");
        require(maxFutureBlockTimeSeconds >= 0, "maxFutureBlockTimeSeconds must not be negative");
    }

    public static ConsensusParams byName(String name) {
        for (ConsensusParams params : NETWORKS) {
            if (params.name.equals(name)) {
                return params;
            }
        }
        throw new IllegalArgumentException("unknown network '" + name + "'; known: main, devnet, regtest");
    }

    public boolean retargets() {
        return retargetInterval > 0;
    }

    /** The time one retarget interval should take. */
    public long targetTimespanSeconds() {
        return retargetInterval * targetSpacingSeconds;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
