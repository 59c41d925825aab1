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
    /** What the store holds at each outpoint read or changed, read once: reads repeat, and writing needs the old value. */
    private final Map<OutPoint, Optional<Coin>> original = new HashMap<>();

    CoinsOverlay(ChainStore store) {
        this.store = store;
    }

    @Override
    public Optional<Coin> coin(OutPoint outPoint) {
        Optional<Coin> changed = changes.get(outPoint);
        return changed != null ? changed : original.computeIfAbsent(outPoint, store::coin);
    }

    /**
     * Creates a coin at an outpoint that holds none. Transaction ids cannot repeat within a chain
     * (a coinbase carries its height; any other transaction spends outputs that exist only once),
     * so a new output never overwrites an unspent one and the store need not be asked.
     */
    void addNew(OutPoint outPoint, Coin coin) {
        original.putIfAbsent(outPoint, Optional.empty());
        changes.put(outPoint, Optional.of(coin));
    }

    /** Puts back a coin that a disconnected block spent. */
    void restore(OutPoint outPoint, Coin coin) {
        remember(outPoint);
        changes.put(outPoint, Optional.of(coin));
    }

    void remove(OutPoint outPoint) {
        remember(outPoint);
        changes.put(outPoint, Optional.empty());
    }

    private void remember(OutPoint outPoint) {
        original.computeIfAbsent(outPoint, store::coin);
    }

    /** Writes the net changes into the store's staged writes (the caller commits). */
    void writeTo(ChainStore target) {
        for (Map.Entry<OutPoint, Optional<Coin>> change : changes.entrySet()) {
            OutPoint outPoint = change.getKey();
            Optional<Coin> stored = original.get(outPoint);
            Optional<Coin> wanted = change.getValue();
            if (stored.equals(wanted)) {
                continue;
            }
            stored.ifPresent(coin -> target.removeCoin(outPoint, coin));
            wanted.ifPresent(coin -> target.putCoin(outPoint, coin));
        }
        changes.clear();
        original.clear();
    }
}
