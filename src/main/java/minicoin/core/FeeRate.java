package minicoin.core;

/**
 * A fee rate in whole coins per 1000 encoded bytes. Amounts are whole coins, so the fee for a size
 * rounds up: at 1 coin per 1000 bytes a 200-byte payment owes 1 coin and a 100 kB transaction 100.
 */
public record FeeRate(long coinsPerKb) implements Comparable<FeeRate> {

    public static final FeeRate ZERO = new FeeRate(0);
    /** Bytes a rate is quoted per, as Bitcoin Core quotes satoshis per 1000 (virtual) bytes. */
    public static final long PER_BYTES = 1000;

    public FeeRate {
        if (coinsPerKb < 0) {
            throw new IllegalArgumentException("a fee rate is never negative: " + coinsPerKb);
        }
    }

    /** The least whole number of coins that pays this rate for {@code bytes}; saturates instead of overflowing. */
    public long feeFor(long bytes) {
        if (bytes <= 0 || coinsPerKb == 0) {
            return 0;
        }
        if (coinsPerKb > (Long.MAX_VALUE - PER_BYTES) / bytes) {
            return Long.MAX_VALUE;
        }
        return (coinsPerKb * bytes + PER_BYTES - 1) / PER_BYTES;
    }

    /** Whether {@code fee} coins for {@code bytes} pay at least this rate. */
    public boolean isPaidBy(long fee, long bytes) {
        return fee >= feeFor(bytes);
    }

    /** The smallest whole rate at or above {@code coinsPerKb}. */
    public static FeeRate atLeast(double coinsPerKb) {
        if (!(coinsPerKb > 0)) {
            return ZERO;
        }
        return new FeeRate(coinsPerKb >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.ceil(coinsPerKb));
    }

    /** {@code fee} for {@code bytes} as coins per 1000 bytes, for display and the rolling minimum. */
    public static double of(long fee, long bytes) {
        return bytes <= 0 ? 0 : (double) fee * PER_BYTES / bytes;
    }

    public static FeeRate max(FeeRate a, FeeRate b) {
        return a.coinsPerKb >= b.coinsPerKb ? a : b;
    }

    @Override
    public int compareTo(FeeRate other) {
        return Long.compare(coinsPerKb, other.coinsPerKb);
    }

    @Override
    public String toString() {
        return coinsPerKb + " coin(s) per " + PER_BYTES + " bytes";
    }
}
