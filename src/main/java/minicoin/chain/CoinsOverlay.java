package minicoin.chain;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import minicoin.core.OutPoint;

/**
 * Coin changes staged in memory over a store: a reorg disconnects and connects blocks here, and
 * only if every block checks out are the net changes written, in the same commit as the new tip.
 */
final class CoinsOverlay implements UtxoView {

    private final ChainStore store;
    /** Outpoint → the coin now there, or empty when spent; absent means "as in the store". */
    private final Map<OutPoint, Optional<Coin>> changes = new HashMap<>();

    CoinsOverlay(ChainStore store) {
        this.store = store;
    }

    @Override
    public Optional<Coin> coin(OutPoint outPoint) {
        Optional<Coin> changed = changes.get(outPoint);
        return changed != null ? changed : store.coin(outPoint);
    }

    void add(OutPoint outPoint, Coin coin) {
        changes.put(outPoint, Optional.of(coin));
    }

    void remove(OutPoint outPoint) {
        changes.put(outPoint, Optional.empty());
    }

    /** Writes the net changes into the store's staged writes (the caller commits). */
    void writeTo(ChainStore target) {
        for (Map.Entry<OutPoint, Optional<Coin>> change : changes.entrySet()) {
            OutPoint outPoint = change.getKey();
            Optional<Coin> stored = target.coin(outPoint);
            Optional<Coin> wanted = change.getValue();
            if (stored.equals(wanted)) {
                continue;
            }
            stored.ifPresent(coin -> target.removeCoin(outPoint, coin));
            wanted.ifPresent(coin -> target.putCoin(outPoint, coin));
        }
        changes.clear();
    }
}
