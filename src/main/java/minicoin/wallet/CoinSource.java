package minicoin.wallet;

import java.util.List;
import minicoin.chain.Utxo;
import minicoin.core.OutPoint;
import minicoin.crypto.Address;

/** What the wallet must know of the chain and mempool to report balances and pick coins. */
public interface CoinSource {

    /** Unspent outputs in the main chain paying {@code address}, mempool spends not subtracted. */
    List<Utxo> confirmedCoins(Address address);

    /** Outputs of mempool transactions paying {@code address} that no mempool transaction spends; never coinbases. */
    List<Utxo> unconfirmedCoins(Address address);

    /** True when some mempool transaction already spends {@code outPoint}. */
    boolean spentInMempool(OutPoint outPoint);

    /** Height of the chain tip, or -1 while there is no genesis block. */
    long tipHeight();
}
