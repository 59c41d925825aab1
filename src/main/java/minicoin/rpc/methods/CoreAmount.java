package minicoin.rpc.methods;

import java.math.BigDecimal;

/**
 * An amount as Bitcoin Core writes it: whole coins with eight decimals ({@code 25.00000000}). Core's
 * clients read an amount as a decimal, and some (JavaBitcoindRpcClient) only when it has a decimal
 * point: a bare {@code 25} is read as an integer and refused as an amount.
 */
final class CoreAmount {

    /** Core's {@code ValueFromAmount} writes satoshis: eight decimals of a coin. */
    private static final int DECIMALS = 8;

    private CoreAmount() {
    }

    static BigDecimal of(long coins) {
        return BigDecimal.valueOf(coins).setScale(DECIMALS);
    }
}
