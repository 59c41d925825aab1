package minicoin.core;

import java.util.ArrayList;
import java.util.List;
import minicoin.crypto.Address;
import minicoin.crypto.PrivateKey;

/**
 * Builds and signs a payment from outputs the caller owns. Choosing which outputs to spend and
 * how much change to return is the wallet's job; this class only assembles and signs.
 */
public final class PaymentBuilder {

    private record Spend(OutPoint outPoint, TxOut spent, PrivateKey key) {
    }

    private final List<Spend> spends = new ArrayList<>();
    private final List<TxOut> outputs = new ArrayList<>();

    /** Spends {@code outPoint}, which holds {@code spent}, signing with {@code key}. */
    public PaymentBuilder spend(OutPoint outPoint, TxOut spent, PrivateKey key) {
        if (!key.publicKey().address().equals(spent.address())) {
            throw new IllegalArgumentException("the key for " + key.publicKey().address()
                    + " cannot spend an output paying " + spent.address());
        }
        spends.add(new Spend(outPoint, spent, key));
        return this;
    }

    public PaymentBuilder pay(Address to, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("cannot pay a negative amount: " + value);
        }
        outputs.add(new TxOut(value, to));
        return this;
    }

    /** The total value of the outputs being spent. */
    public long inputValue() {
        return spends.stream().mapToLong(spend -> spend.spent().value()).sum();
    }

    public Transaction build() {
        if (spends.isEmpty() || outputs.isEmpty()) {
            throw new IllegalStateException("a payment needs at least one input and one output");
        }
        List<TxIn> unsigned = spends.stream()
                .map(spend -> new TxIn(spend.outPoint(), Bytes.wrap(spend.key().publicKey().toBytes()), Bytes.EMPTY))
                .toList();
        Transaction tx = Transaction.of(unsigned, outputs);
        List<TxIn> signed = new ArrayList<>(unsigned.size());
        for (int i = 0; i < unsigned.size(); i++) {
            Spend spend = spends.get(i);
            byte[] signature = spend.key().sign(tx.signatureHash(i, spend.spent()).toArray());
            signed.add(unsigned.get(i).withSignature(Bytes.wrap(signature)));
        }
        // The txid leaves out signatures, so signing did not change what was signed.
        return tx.withInputs(signed);
    }
}
