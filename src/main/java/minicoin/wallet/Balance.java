package minicoin.wallet;

import java.util.Objects;
import minicoin.chain.Utxo;
import minicoin.crypto.Address;

/**
 * What an address holds, in whole coins.
 *
 * @param confirmed        the value of its unspent outputs in the main chain
 * @param withUnconfirmed  what it will hold once the mempool is mined: confirmed, less the
 *                         confirmed outputs mempool transactions spend, plus the mempool's
 *                         unspent outputs paying it
 */
public record Balance(long confirmed, long withUnconfirmed) {

    /**
     * The balance of any address, owned by this wallet or not. Sums are exact: a source whose
     * values overflow a {@code long} gets an {@link ArithmeticException}, not a wrapped figure.
     */
    public static Balance of(Address address, CoinSource coins) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(coins, "coins");
        long confirmed = 0;
        long spentInMempool = 0;
        for (Utxo utxo : coins.confirmedCoins(address)) {
            confirmed = Math.addExact(confirmed, utxo.value());
            if (coins.spentInMempool(utxo.outPoint())) {
                spentInMempool = Math.addExact(spentInMempool, utxo.value());
            }
        }
        long withUnconfirmed = Math.subtractExact(confirmed, spentInMempool);
        for (Utxo utxo : coins.unconfirmedCoins(address)) {
            withUnconfirmed = Math.addExact(withUnconfirmed, utxo.value());
        }
        return new Balance(confirmed, withUnconfirmed);
    }
}
