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
        return new Plain(BigDecimal.valueOf(coins).setScale(DECIMALS));
    }

    /**
     * Written without an exponent: Jackson writes a BigDecimal by its {@code toString}, which gives
     * zero with eight decimals as {@code 0E-8}, where Core writes {@code 0.00000000}.
     */
    private static final class Plain extends BigDecimal {

        private static final long serialVersionUID = 1L;

        Plain(BigDecimal value) {
            super(value.unscaledValue(), value.scale());
        }

        @Override
        public String toString() {
            return toPlainString();
        }
    }
}
