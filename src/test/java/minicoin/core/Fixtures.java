package minicoin.core;

import java.util.ArrayList;
import java.util.List;
import minicoin.crypto.Hashes;
import minicoin.crypto.PrivateKey;

/** Deterministic keys, transactions and solved blocks for core tests. */
final class Fixtures {

    static final ConsensusParams PARAMS = ConsensusParams.REGTEST;
    static final long NOW = 1_700_000_000L;

    private Fixtures() {
    }

    static PrivateKey key(String seed) {
        return PrivateKey.fromBytes(Hashes.sha256(seed.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** A signed one-input payment spending output 0 of {@code fundingTxid}, owned by {@code owner}. */
    static Transaction payment(PrivateKey owner, Hash fundingTxid, long inputValue, long payValue, PrivateKey to) {
        TxOut spent = new TxOut(inputValue, owner.publicKey().address());
        PaymentBuilder builder = new PaymentBuilder()
                .spend(new OutPoint(fundingTxid, 0), spent, owner)
                .pay(to.publicKey().address(), payValue);
        if (inputValue > payValue) {
            builder.pay(owner.publicKey().address(), inputValue - payValue);
        }
        return builder.build();
    }

    /** A solved block at {@code height} on {@code prev} with a coinbase and {@code txs}. */
    static Block block(Hash prev, long height, List<Transaction> txs) {
        List<Transaction> all = new ArrayList<>();
        all.add(Coinbase.create(height, PARAMS.subsidy(), key("miner").publicKey().address()));
        all.addAll(txs);
        return solvedBlock(prev, all);
    }

    /** Solves a header over exactly {@code transactions}, valid or not. */
    static Block solvedBlock(Hash prev, List<Transaction> transactions) {
        BlockHeader header = new BlockHeader(BlockHeader.CURRENT_VERSION, prev, Merkle.rootOf(transactions),
                NOW, PARAMS.initialBits(), 0);
        return new Block(HeaderHasher.solve(header), transactions);
    }

    static Hash hashOf(String seed) {
        return Hash.doubleSha256(seed.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
