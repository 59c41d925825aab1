package minicoin.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import minicoin.crypto.PrivateKey;
import org.junit.jupiter.api.Test;

class TransactionRulesTest {

    private static final ConsensusParams PARAMS = Fixtures.PARAMS;
    private static final PrivateKey ALICE = Fixtures.key("alice");
    private static final PrivateKey BOB = Fixtures.key("bob");
    private static final Transaction GOOD = Fixtures.payment(ALICE, Fixtures.hashOf("funding"), 100, 60, BOB);

    private static RejectCode codeOf(Transaction tx) {
        Optional<Rejection> rejection = TransactionRules.checkContextFree(tx, PARAMS);
        assertTrue(rejection.isPresent(), "expected a rejection of " + tx);
        return rejection.get().code();
    }

    private static Transaction withOutputs(Transaction tx, List<TxOut> outputs) {
        return new Transaction(tx.version(), tx.inputs(), outputs, tx.lockTime());
    }

    private static Transaction withInput(Transaction tx, int index, TxIn input) {
        List<TxIn> inputs = new ArrayList<>(tx.inputs());
        inputs.set(index, input);
        return tx.withInputs(inputs);
    }

    @Test
    void acceptsASignedPaymentAndACoinbase() {
        assertEquals(Optional.empty(), TransactionRules.checkContextFree(GOOD, PARAMS));
        assertEquals(Optional.empty(), TransactionRules.checkContextFree(
                Coinbase.create(5, 1000, BOB.publicKey().address()), PARAMS));
    }

    @Test
    void rejectsNoInputsOrNoOutputs() {
        assertEquals(RejectCode.NO_INPUTS, codeOf(GOOD.withInputs(List.of())));
        assertEquals(RejectCode.NO_OUTPUTS, codeOf(withOutputs(GOOD, List.of())));
    }

    @Test
    void rejectsValuesOutOfRange() {
        var to = BOB.publicKey().address();
        assertEquals(RejectCode.NEGATIVE_VALUE, codeOf(withOutputs(GOOD, List.of(new TxOut(-1, to)))));
        assertEquals(RejectCode.VALUE_TOO_LARGE, codeOf(withOutputs(GOOD, List.of(new TxOut(PARAMS.maxMoney() + 1, to)))));
        assertEquals(RejectCode.TOTAL_TOO_LARGE, codeOf(withOutputs(GOOD,
                List.of(new TxOut(PARAMS.maxMoney(), to), new TxOut(PARAMS.maxMoney(), to)))));
        // Values that would wrap a naive sum are caught one by one.
        assertEquals(RejectCode.VALUE_TOO_LARGE, codeOf(withOutputs(GOOD,
                List.of(new TxOut(Long.MAX_VALUE, to), new TxOut(Long.MAX_VALUE, to)))));
    }

    @Test
    void rejectsAnOutputSpentTwice() {
        List<TxIn> inputs = List.of(GOOD.inputs().get(0), GOOD.inputs().get(0));
        assertEquals(RejectCode.DUPLICATE_INPUT, codeOf(GOOD.withInputs(inputs)));
    }

    @Test
    void rejectsOversizedTransactions() {
        List<TxOut> outputs = new ArrayList<>();
        for (int i = 0; i <= PARAMS.maxTxBytes() / TxOut.BYTES; i++) {
            outputs.add(new TxOut(0, BOB.publicKey().address()));
        }
        assertEquals(RejectCode.TX_TOO_LARGE, codeOf(withOutputs(GOOD, outputs)));
    }

    @Test
    void rejectsMalformedCoinbases() {
        Transaction coinbase = Coinbase.create(5, 1000, BOB.publicKey().address());
        TxIn input = coinbase.inputs().get(0);
        assertEquals(RejectCode.BAD_COINBASE_DATA,
                codeOf(withInput(coinbase, 0, new TxIn(OutPoint.NULL, Bytes.of(new byte[3]), Bytes.EMPTY))));
        assertEquals(RejectCode.BAD_COINBASE_SIGNATURE,
                codeOf(withInput(coinbase, 0, input.withSignature(Bytes.of(new byte[] {1})))));
    }

    @Test
    void rejectsNullPrevoutOutsideACoinbase() {
        List<TxIn> inputs = List.of(GOOD.inputs().get(0), new TxIn(OutPoint.NULL, Bytes.of(new byte[4]), Bytes.EMPTY));
        assertEquals(RejectCode.NULL_PREVOUT, codeOf(GOOD.withInputs(inputs)));
    }

    @Test
    void rejectsMalformedPublicKeysAndSignatures() {
        TxIn input = GOOD.inputs().get(0);
        byte[] key = input.publicKey().toArray();
        key[0] = 0x04;
        assertEquals(RejectCode.BAD_PUBLIC_KEY, codeOf(withInput(GOOD, 0, new TxIn(input.prevOut(), Bytes.of(key), input.signature()))));
        assertEquals(RejectCode.BAD_PUBLIC_KEY, codeOf(withInput(GOOD, 0,
                new TxIn(input.prevOut(), Bytes.of(new byte[32]), input.signature()))));
        assertEquals(RejectCode.BAD_SIGNATURE_ENCODING, codeOf(withInput(GOOD, 0, input.withSignature(Bytes.EMPTY))));
        byte[] signature = input.signature().toArray();
        signature[1]++;
        assertEquals(RejectCode.BAD_SIGNATURE_ENCODING, codeOf(withInput(GOOD, 0, input.withSignature(Bytes.of(signature)))));
    }
}
