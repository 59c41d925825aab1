package minicoin.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import minicoin.core.CodecException;
import minicoin.core.ConsensusParams;
import minicoin.core.Hash;
import minicoin.core.OutPoint;
import minicoin.core.PaymentBuilder;
import minicoin.core.Transaction;
import minicoin.core.TxOut;
import minicoin.crypto.Address;
import minicoin.crypto.Hashes;
import minicoin.crypto.PrivateKey;
import org.junit.jupiter.api.Test;

/** The pool's heap estimate against the heap a full GC finds it holds. */
class HeapEstimateTest {

    private static final ConsensusParams PARAMS = ConsensusParams.REGTEST;
    private static final PrivateKey OWNER = PrivateKey.fromBytes(Hashes.sha256("owner".getBytes(StandardCharsets.UTF_8)));
    private static final Address SHOP = PrivateKey.fromBytes(Hashes.sha256("shop".getBytes(StandardCharsets.UTF_8))).publicKey().address();
    /** Tolerance for the GC's view of a shared test JVM; the figures in docs/mempool.md are closer. */
    private static final double TOLERANCE = 0.25;

    @Test
    void aPaymentIsCountedObjectByObject() {
        Transaction payment = payment(fund(new HashMap<>(), "coin"), 1);
        // 1 input (outpoint 88, key 72, signature 104, record 24, spender node 40), 2 outputs of 88,
        // the transaction with its two hashes 176, two small lists 48, the pool's entry 176.
        long signature = 16 + ((16 + payment.inputs().get(0).signature().length() + 7) / 8 * 8);
        assertEquals(176 + 176 + 48 + (24 + 88 + 72 + signature + 40) + 2 * 88, HeapEstimate.ofPoolEntry(payment));
    }

    @Test
    void theEstimateIsWithinAQuarterOfTheMeasuredHeap() throws Exception {
        Map<OutPoint, Coin> coins = new HashMap<>();
        List<byte[]> wire = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            wire.add(payment(fund(coins, "payment " + i), 1 + i % 3).encode());
        }
        for (int i = 0; i < 10; i++) {
            wire.add(payment(fund(coins, "fan-out " + i), 2000).encode());
        }
        UtxoView chain = outPoint -> Optional.ofNullable(coins.get(outPoint));
        ForkJoinPool signaturePool = new ForkJoinPool(1);
        // A one-entry cache: what the signature cache keeps is not the pool's.
        SignatureVerifier verifier = new SignatureVerifier(new SignatureCache(1), signaturePool);
        try {
            long before = usedHeapAfterGc();
            Mempool mempool = new Mempool(PARAMS, MempoolPolicy.PERMISSIVE.withMaxUsageBytes(Long.MAX_VALUE), verifier, () -> 0L);
            for (byte[] bytes : wire) {
                Transaction tx = Transaction.decode(bytes);
                mempool.accept(tx, chain, 10);
                tx.fullHash(); // as a block template's Merkle root would
            }
            long measured = usedHeapAfterGc() - before;
            long estimated = mempool.usage();

            assertEquals(wire.size(), mempool.size());
            assertTrue(Math.abs(estimated - measured) <= TOLERANCE * measured,
                    "estimated " + estimated + " bytes, measured " + measured + " for " + mempool.bytes() + " encoded");
        } finally {
            signaturePool.shutdown();
        }
    }

    private static Utxo fund(Map<OutPoint, Coin> coins, String label) {
        OutPoint outPoint = new OutPoint(Hash.doubleSha256(label.getBytes(StandardCharsets.UTF_8)), 0);
        Coin coin = new Coin(new TxOut(1_000_000, OWNER.publicKey().address()), 1, false);
        coins.put(outPoint, coin);
        return new Utxo(outPoint, coin);
    }

    private static Transaction payment(Utxo coin, int outputs) {
        PaymentBuilder builder = new PaymentBuilder().spend(coin.outPoint(), coin.coin().output(), OWNER);
        for (int i = 0; i < outputs; i++) {
            builder.pay(SHOP, 1);
        }
        return builder.pay(OWNER.publicKey().address(), coin.value() - outputs - 100).build();
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
