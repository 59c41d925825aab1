package minicoin.wallet;

import java.util.List;
import minicoin.chain.Ledger;
import minicoin.chain.Utxo;
import minicoin.core.OutPoint;
import minicoin.crypto.Address;

/** The wallet's view of a running node's chain and mempool. */
public final class LedgerCoins implements CoinSource {

    private final Ledger ledger;

    public LedgerCoins(Ledger ledger) {
        this.ledger = ledger;
    }

    @Override
    public List<Utxo> confirmedCoins(Address address) {
        return ledger.confirmedCoins(address);
    }

    @Override
    public List<Utxo> unconfirmedCoins(Address address) {
        return ledger.unconfirmedCoins(address);
    }

    @Override
    public boolean spentInMempool(OutPoint outPoint) {
        return ledger.spentInMempool(outPoint);
    }

    @Override
    public long tipHeight() {
        return ledger.tipHeight();
    }
}
