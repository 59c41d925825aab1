package minicoin.core;

import java.math.BigInteger;

/** Compact {@code bits} ⇄ 256-bit target ⇄ work, and the retarget rule, as Bitcoin defines them. */
public final class ProofOfWork {

    private static final BigInteger TWO_TO_256 = BigInteger.ONE.shiftLeft(256);
    private static final long SIGN_BIT = 0x00800000L;
    private static final long MANTISSA_MASK = 0x007fffffL;

    private ProofOfWork() {
    }

    /**
     * The target that {@code bits} encodes: mantissa × 256^(exponent − 3).
     *
     * @throws IllegalArgumentException for a negative target or one beyond 256 bits
     */
    public static BigInteger decodeBits(long bits) {
        if (bits < 0 || bits > 0xffffffffL) {
            throw new IllegalArgumentException("bits is unsigned 32-bit: " + bits);
        }
        int exponent = (int) (bits >>> 24);
        long mantissa = bits & MANTISSA_MASK;
        if (mantissa != 0 && (bits & SIGN_BIT) != 0) {
            throw new IllegalArgumentException("bits " + hex(bits) + " encode a negative target");
        }
        if (mantissa != 0 && (exponent > 34 || (mantissa > 0xff && exponent > 33) || (mantissa > 0xffff && exponent > 32))) {
            throw new IllegalArgumentException("bits " + hex(bits) + " overflow 256 bits");
        }
        BigInteger value = BigInteger.valueOf(mantissa);
        return exponent <= 3 ? value.shiftRight(8 * (3 - exponent)) : value.shiftLeft(8 * (exponent - 3));
    }

    /** The shortest compact encoding of {@code target} (which loses precision below the top 3 bytes). */
    public static long encodeBits(BigInteger target) {
        if (target.signum() < 0 || target.bitLength() > 256) {
            throw new IllegalArgumentException("a target is a non-negative 256-bit number");
        }
        int size = (target.bitLength() + 7) / 8;
        long compact = size <= 3
                ? target.longValue() << 8 * (3 - size)
                : target.shiftRight(8 * (size - 3)).longValue();
        if ((compact & SIGN_BIT) != 0) {
            compact >>>= 8;
            size++;
        }
        return compact | (long) size << 24;
    }

    /** Expected hashes to meet {@code target}: 2^256 / (target + 1). */
    public static BigInteger work(BigInteger target) {
        return TWO_TO_256.divide(target.add(BigInteger.ONE));
    }

    public static BigInteger workOfBits(long bits) {
        return work(decodeBits(bits));
    }

    /** Whether {@code hash}, read as a little-endian number, is at most {@code target}. */
    public static boolean meetsTarget(Hash hash, BigInteger target) {
        return hash.toBigInteger().compareTo(target) <= 0;
    }

    /**
     * The next target after an interval that took {@code actualTimespanSeconds}: the old target
     * scaled by actual / intended time, the ratio clamped to [1/4, 4], never easier than the limit.
     */
    public static long retarget(long previousBits, long actualTimespanSeconds, ConsensusParams params) {
        if (!params.retargets()) {
            return params.initialBits();
        }
        long intended = params.targetTimespanSeconds();
        long clamped = Math.max(intended / ConsensusParams.RETARGET_CLAMP,
                Math.min(intended * ConsensusParams.RETARGET_CLAMP, actualTimespanSeconds));
        BigInteger next = decodeBits(previousBits)
                .multiply(BigInteger.valueOf(clamped))
                .divide(BigInteger.valueOf(intended));
        if (next.compareTo(params.powLimit()) > 0) {
            next = params.powLimit();
        }
        return encodeBits(next);
    }

    /** Bits as Bitcoin shows them: eight hex digits. */
    public static String hex(long bits) {
        return String.format("%08x", bits);
    }
}
