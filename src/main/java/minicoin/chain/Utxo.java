package minicoin.chain;

import java.util.Objects;
import minicoin.core.OutPoint;

/** An unspent output together with where it is: what address queries and coin selection return. */
public record Utxo(OutPoint outPoint, Coin coin) {

    public Utxo {
        Objects.requireNonNull(outPoint, "outPoint");
        Objects.requireNonNull(coin, "coin");
    }

    public long value() {
        return coin.value();
    }
}
