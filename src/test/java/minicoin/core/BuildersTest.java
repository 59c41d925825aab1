package minicoin.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import minicoin.crypto.PrivateKey;
import minicoin.crypto.Signatures;
import org.junit.jupiter.api.Test;

class BuildersTest {

    private static final PrivateKey ALICE = Fixtures.key("alice");
    private static final PrivateKey BOB = Fixtures.key("bob");

    @Test
    void coinbaseCarriesItsHeightSoTxidsDiffer() {
        Transaction one = Coinbase.create(1, 1000, ALICE.publicKey().address());
        Transaction two = Coinbase.create(2, 1000, ALICE.publicKey().address());
        assertTrue(one.isCoinbase());
        assertEquals(1, one.coinbaseHeight().getAsLong());
        assertEquals(0xfffffffeL, Coinbase.create(0xfffffffeL, 1, ALICE.publicKey().address()).coinbaseHeight().getAsLong());
        assertNotEquals(one.txid(), two.txid());
        assertThrows(IllegalArgumentException.class,
                () -> Coinbase.create(1, 1, ALICE.publicKey().address(), Bytes.of(new byte[TxIn.MAX_COINBASE_EXTRA_BYTES + 1])));
    }

    @Test
    void genesisIsAValidBlockPayingTheSubsidy() {
        for (ConsensusParams params : List.of(ConsensusParams.REGTEST, ConsensusParams.DEVNET)) {
            Block genesis = Genesis.create(params, ALICE.publicKey().address(), Fixtures.NOW);
            assertEquals(Optional.empty(), BlockRules.checkContextFree(genesis, params, Fixtures.NOW));
            assertTrue(genesis.header().prevHash().isZero());
            Transaction coinbase = genesis.transactions().get(0);
            assertEquals(0, coinbase.coinbaseHeight().getAsLong());
            assertEquals(new TxOut(params.subsidy(), ALICE.publicKey().address()), coinbase.outputs().get(0));
            assertEquals(params.initialBits(), genesis.header().bits());
        }
    }

    @Test
    void paymentSignaturesVerifyAgainstTheSpentOutputs() {
        TxOut first = new TxOut(70, ALICE.publicKey().address());
        TxOut second = new TxOut(50, ALICE.publicKey().address());
        Transaction tx = new PaymentBuilder()
                .spend(new OutPoint(Fixtures.hashOf("a"), 1), first, ALICE)
                .spend(new OutPoint(Fixtures.hashOf("b"), 0), second, ALICE)
                .pay(BOB.publicKey().address(), 100)
                .pay(ALICE.publicKey().address(), 20)
                .build();
        assertEquals(Optional.empty(), TransactionRules.checkContextFree(tx, Fixtures.PARAMS));
        TxOut[] spent = {first, second};
        for (int i = 0; i < 2; i++) {
            TxIn input = tx.inputs().get(i);
            byte[] hash = tx.signatureHash(i, spent[i]).toArray();
            assertTrue(Signatures.verify(input.publicKey().toArray(), hash, input.signature().toArray()), "input " + i);
        }
        // A signature commits to its input index and to the spent amount.
        byte[] otherIndex = tx.signatureHash(1, first).toArray();
        assertFalse(Signatures.verify(tx.inputs().get(0).publicKey().toArray(), otherIndex, tx.inputs().get(0).signature().toArray()));
        byte[] otherValue = tx.signatureHash(0, new TxOut(71, ALICE.publicKey().address())).toArray();
        assertFalse(Signatures.verify(tx.inputs().get(0).publicKey().toArray(), otherValue, tx.inputs().get(0).signature().toArray()));
    }

    @Test
    void txidIgnoresSignaturesButTheFullHashDoesNot() {
        Transaction tx = Fixtures.payment(ALICE, Fixtures.hashOf("f"), 10, 10, BOB);
        Transaction unsigned = tx.withInputs(tx.inputs().stream().map(in -> in.withSignature(Bytes.EMPTY)).toList());
        assertEquals(tx.txid(), unsigned.txid());
        assertNotEquals(tx.fullHash(), unsigned.fullHash());
    }

    @Test
    void refusesToSpendWithTheWrongKeyOrToPayNegative() {
        TxOut alices = new TxOut(10, ALICE.publicKey().address());
        assertThrows(IllegalArgumentException.class,
                () -> new PaymentBuilder().spend(new OutPoint(Fixtures.hashOf("a"), 0), alices, BOB));
        assertThrows(IllegalArgumentException.class, () -> new PaymentBuilder().pay(BOB.publicKey().address(), -1));
        assertThrows(IllegalStateException.class, () -> new PaymentBuilder().pay(BOB.publicKey().address(), 1).build());
    }
}
