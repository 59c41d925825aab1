package minicoin.wallet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import minicoin.chain.Coin;
import minicoin.chain.Utxo;
import minicoin.core.ConsensusParams;
import minicoin.core.OutPoint;
import minicoin.crypto.Address;

/**
 * The outputs a payment spends, and their total value.
 *
 * <p>Candidates are the paying address's outputs that no mempool transaction spends: confirmed
 * ones (coinbases only once mature), then unconfirmed ones, such as the change of an earlier
 * payment still in the mempool, so a second payment need not wait for a block. Within each group
 * the largest come first, so a payment uses few inputs; ties go to the lower outpoint, so the
 * choice is deterministic. Coins are taken in that order until they cover the target.
 */
record CoinSelection(List<Utxo> inputs, long inputValue) {

    /** Largest first, then by outpoint. */
    private static final Comparator<Utxo> PREFERENCE =
            Comparator.comparingLong(Utxo::value).reversed().thenComparing(Utxo::outPoint);

    CoinSelection {
        inputs = List.copyOf(inputs);
    }

    /**
     * Picks coins of {@code from} worth at least {@code target}.
     *
     * @throws WalletException INSUFFICIENT_FUNDS, saying what is available and what is needed
     */
    static CoinSelection select(Address from, long amount, long fee, CoinSource coins, ConsensusParams params)
            throws WalletException {
        long target = Math.addExact(amount, fee);
        long nextHeight = coins.tipHeight() + 1;
        Set<OutPoint> seen = new HashSet<>();
        List<Utxo> confirmed = new ArrayList<>();
        long immature = 0;
        for (Utxo utxo : coins.confirmedCoins(from)) {
            if (isCandidate(utxo, from, coins, seen)) {
                if (isMature(utxo.coin(), nextHeight, params.coinbaseMaturity())) {
                    confirmed.add(utxo);
                } else {
                    immature = Math.addExact(immature, utxo.value());
                }
            }
        }
        List<Utxo> unconfirmed = new ArrayList<>();
        for (Utxo utxo : coins.unconfirmedCoins(from)) {
            if (isCandidate(utxo, from, coins, seen)) {
                unconfirmed.add(utxo);
            }
        }
        confirmed.sort(PREFERENCE);
        unconfirmed.sort(PREFERENCE);
        List<Utxo> candidates = new ArrayList<>(confirmed);
        candidates.addAll(unconfirmed);

        List<Utxo> chosen = new ArrayList<>();
        long total = 0;
        for (Utxo utxo : candidates) {
            chosen.add(utxo);
            total = Math.addExact(total, utxo.value());
            if (total >= target) {
                return new CoinSelection(chosen, total);
            }
        }
        throw new WalletException(WalletException.Code.INSUFFICIENT_FUNDS, "insufficient funds: " + from + " has "
                + total + " available, " + target + " needed (amount " + amount + " + fee " + fee + ")"
                + (immature > 0 ? "; another " + immature + " is in coinbase outputs that need "
                        + params.coinbaseMaturity() + " blocks to mature" : ""));
    }

    /** Pays {@code from}, has value, is not spent in the mempool, and was not listed already. */
    private static boolean isCandidate(Utxo utxo, Address from, CoinSource coins, Set<OutPoint> seen) {
        return utxo.value() > 0
                && utxo.coin().output().address().equals(from)
                && !coins.spentInMempool(utxo.outPoint())
                && seen.add(utxo.outPoint());
    }

    /** A coinbase output may be spent in the block {@code maturity} blocks after its own. */
    static boolean isMature(Coin coin, long nextHeight, int maturity) {
        return !coin.coinbase() || nextHeight - coin.height() >= maturity;
    }
}
