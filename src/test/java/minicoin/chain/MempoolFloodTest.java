package minicoin.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import minicoin.core.ConsensusParams;
import minicoin.core.Hash;
import minicoin.core.OutPoint;
import minicoin.core.PaymentBuilder;
import minicoin.core.RejectCode;
import minicoin.core.Transaction;
import minicoin.core.TxOut;
import minicoin.crypto.Address;
import minicoin.crypto.Hashes;
import minicoin.crypto.PrivateKey;
import org.junit.jupiter.api.Test;

/** The mempool flood, scaled down: what one coin could do to the pool before the policy. */
class MempoolFloodTest {

    private static final ConsensusParams PARAMS = ConsensusParams.REGTEST;
    private static final long TIP = 10;
    private static final PrivateKey ATTACKER = key("attacker");
    private static final PrivateKey HONEST = key("honest");

    private final Map<OutPoint, Coin> chainCoins = new HashMap<>();
    private final UtxoView chain = outPoint -> Optional.ofNullable(chainCoins.get(outPoint));

    private static PrivateKey key(String seed) {
        return PrivateKey.fromBytes(Hashes.sha256(seed.getBytes(StandardCharsets.UTF_8)));
    }

    private static Address address(PrivateKey key) {
        return key.publicKey().address();
    }

    private Utxo fund(PrivateKey owner, long value, String label) {
        OutPoint outPoint = new OutPoint(Hash.doubleSha256(label.getBytes(StandardCharsets.UTF_8)), 0);
        Coin coin = new Coin(new TxOut(value, address(owner)), 1, false);
        chainCoins.put(outPoint, coin);
        return new Utxo(outPoint, coin);
    }

    /** Spends {@code coin} into {@code outputs} outputs of {@code each} coins plus change, leaving {@code fee}. */
    private static Transaction fanOut(Utxo coin, int outputs, long each, long fee) {
        PaymentBuilder builder = new PaymentBuilder().spend(coin.outPoint(), coin.coin().output(), ATTACKER);
        for (int i = 0; i < outputs; i++) {
            builder.pay(address(key("sink" + i % 16)), each);
        }
        return builder.pay(address(ATTACKER), coin.value() - outputs * each - fee).build();
    }

    private static Utxo change(Transaction tx) {
        int last = tx.outputs().size() - 1;
        return new Utxo(new OutPoint(tx.txid(), last), new Coin(tx.outputs().get(last), TIP + 1, false));
    }

    @Test
    void aChainOfZeroFeeFanOutsFromOneCoinIsRefusedAtTheFirst() {
        Mempool mempool = new Mempool(PARAMS, MempoolPolicy.DEFAULT, SignatureVerifier.withDefaults());
        Utxo coin = fund(ATTACKER, 1000, "the attacker's one coin");

        // The transaction: thousands of zero outputs, the coin back as change, no fee.
        Transaction zeroOutputs = fanOut(coin, 3000, 0, 0);
        // Without dust, still free: 900 one-coin outputs of a 1000-coin coin.
        Transaction zeroFee = fanOut(coin, 900, 1, 0);

        assertTrue(zeroOutputs.size() > 80_000, "a fan-out of " + zeroOutputs.size() + " bytes");
        ValidationException dust = assertThrows(ValidationException.class, () -> mempool.accept(zeroOutputs, chain, TIP));
        ValidationException free = assertThrows(ValidationException.class, () -> mempool.accept(zeroFee, chain, TIP));
        assertEquals(RejectCode.DUST, dust.code(), dust.getMessage());
        assertEquals(RejectCode.INSUFFICIENT_FEE, free.code(), free.getMessage());
        // The next link of the chain spends the refused one's change: nothing to build on.
        ValidationException next = assertThrows(ValidationException.class,
                () -> mempool.accept(fanOut(change(zeroOutputs), 3000, 0, 0), chain, TIP));
        assertEquals(RejectCode.DUST, next.code());
        assertEquals(0, mempool.size());
        assertEquals(0, mempool.usage());
    }

    @Test
    void aFeePayingFloodOfASmallPoolEvictsTheLowestRateAndAnHonestHigherFeeSendGetsIn() throws ValidationException {
        Transaction sample = fanOut(fund(ATTACKER, 1000, "sample"), 1, 1, 1);
        long cap = 20 * HeapEstimate.ofPoolEntry(sample);
        Mempool mempool = new Mempool(PARAMS, MempoolPolicy.DEFAULT.withMaxUsageBytes(cap), SignatureVerifier.withDefaults());
        // A rich attacker with many coins pays the minimum fee on each flood transaction.
        List<Transaction> flood = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < 40; i++) {
            Transaction tx = fanOut(fund(ATTACKER, 1000, "attacker coin " + i), 1, 1, 1);
            try {
                mempool.accept(tx, chain, TIP);
                flood.add(tx);
            } catch (ValidationException full) {
                assertTrue(full.code() == RejectCode.MEMPOOL_FULL || full.code() == RejectCode.MEMPOOL_MIN_FEE, full.getMessage());
                refused++;
            }
        }
        assertTrue(mempool.usage() <= cap, mempool.usage() + " bytes of heap in a pool of " + cap);
        assertTrue(refused > 0, "the pool filled");
        assertTrue(mempool.minimumFee().coinsPerKb() > MempoolPolicy.DEFAULT_MIN_RELAY_FEE.coinsPerKb(),
                "the minimum fee rose to " + mempool.minimumFee());
        Utxo honestCoin = fund(HONEST, 1000, "an honest coin");
        Transaction honest = new PaymentBuilder().spend(honestCoin.outPoint(), honestCoin.coin().output(), HONEST)
                .pay(address(key("shop")), 100).pay(address(HONEST), 897).build();

        mempool.accept(honest, chain, TIP);

        assertTrue(mempool.contains(honest.txid()));
        assertTrue(mempool.usage() <= cap);
        assertEquals(flood.size(), mempool.size(), "one flood transaction made room for the honest one");
        assertTrue(flood.stream().anyMatch(tx -> !mempool.contains(tx.txid())), "a lowest-rate flood transaction was evicted");
    }
}
