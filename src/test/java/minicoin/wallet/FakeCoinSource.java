package minicoin.wallet;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import minicoin.chain.Coin;
import minicoin.chain.Utxo;
import minicoin.core.Hash;
import minicoin.core.OutPoint;
import minicoin.core.Transaction;
import minicoin.core.TxIn;
import minicoin.core.TxOut;
import minicoin.crypto.Address;

/** A chain and mempool in a few maps: confirmed coins, mempool outputs, mempool spends, a tip height. */
final class FakeCoinSource implements CoinSource {

    private final Map<OutPoint, Utxo> confirmed = new HashMap<>();
    private final Map<OutPoint, Utxo> unconfirmed = new HashMap<>();
    private final Set<OutPoint> spentInMempool = new HashSet<>();
    private long tipHeight = -1;
    private int nextId;

    /** A new confirmed output of {@code value} paying {@code to}, made at {@code height}. */
    Utxo confirm(Address to, long value, long height, boolean coinbase) {
        Utxo utxo = new Utxo(freshOutPoint(), new Coin(new TxOut(value, to), height, coinbase));
        confirmed.put(utxo.outPoint(), utxo);
        tipHeight = Math.max(tipHeight, height);
        return utxo;
    }

    Utxo confirm(Address to, long value) {
        return confirm(to, value, Math.max(tipHeight, 0), false);
    }

    /** A new mempool output paying {@code to}, from a transaction the test does not build. */
    Utxo addUnconfirmed(Address to, long value) {
        Utxo utxo = new Utxo(freshOutPoint(), new Coin(new TxOut(value, to), tipHeight + 1, false));
        unconfirmed.put(utxo.outPoint(), utxo);
        return utxo;
    }

    /** Marks an output spent by some mempool transaction. */
    void spendInMempool(OutPoint outPoint) {
        spentInMempool.add(outPoint);
        unconfirmed.remove(outPoint);
    }

    /** Takes {@code tx} into the mempool: its inputs become spent, its outputs unconfirmed coins. */
    void acceptToMempool(Transaction tx) {
        for (TxIn input : tx.inputs()) {
            if (!confirmed.containsKey(input.prevOut()) && !unconfirmed.containsKey(input.prevOut())) {
                throw new IllegalArgumentException("spends an unknown output " + input.prevOut());
            }
            if (!spentInMempool.add(input.prevOut())) {
                throw new IllegalArgumentException("double spend of " + input.prevOut());
            }
            unconfirmed.remove(input.prevOut());
        }
        for (int i = 0; i < tx.outputs().size(); i++) {
            OutPoint outPoint = new OutPoint(tx.txid(), i);
            unconfirmed.put(outPoint, new Utxo(outPoint, new Coin(tx.outputs().get(i), tipHeight + 1, false)));
        }
    }

    void setTipHeight(long height) {
        tipHeight = height;
    }

    /** The output an outpoint refers to, confirmed or not, spent or not. */
    TxOut output(OutPoint outPoint) {
        Utxo utxo = confirmed.containsKey(outPoint) ? confirmed.get(outPoint) : unconfirmed.get(outPoint);
        if (utxo == null) {
            throw new IllegalArgumentException("no output " + outPoint);
        }
        return utxo.coin().output();
    }

    @Override
    public List<Utxo> confirmedCoins(Address address) {
        return confirmed.values().stream().filter(utxo -> utxo.coin().output().address().equals(address)).toList();
    }

    @Override
    public List<Utxo> unconfirmedCoins(Address address) {
        return new ArrayList<>(unconfirmed.values().stream()
                .filter(utxo -> utxo.coin().output().address().equals(address)).toList());
    }

    @Override
    public boolean spentInMempool(OutPoint outPoint) {
        return spentInMempool.contains(outPoint);
    }

    @Override
    public long tipHeight() {
        return tipHeight;
    }

    private OutPoint freshOutPoint() {
        return new OutPoint(Hash.doubleSha256(("funding " + nextId++).getBytes(StandardCharsets.UTF_8)), 0);
    }
}
