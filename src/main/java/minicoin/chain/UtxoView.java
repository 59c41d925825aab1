package minicoin.chain;

import java.util.Optional;
import minicoin.core.OutPoint;

/** A read-only view of unspent outputs: the chain's, or the chain's as the mempool would leave it. */
@FunctionalInterface
public interface UtxoView {

    Optional<Coin> coin(OutPoint outPoint);
}
