package minicoin.core;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import minicoin.crypto.PublicKey;
import minicoin.crypto.Signatures;

/**
 * The rules a transaction must meet on its own, before anyone looks up what it spends. The
 * signature itself is checked in context, against the output it spends.
 */
public final class TransactionRules {

    private TransactionRules() {
    }

    public static Optional<Rejection> checkContextFree(Transaction tx, ConsensusParams params) {
        List<TxIn> inputs = tx.inputs();
        if (inputs.isEmpty()) {
            return reject(RejectCode.NO_INPUTS, "a transaction needs at least one input");
        }
        if (tx.outputs().isEmpty()) {
            return reject(RejectCode.NO_OUTPUTS, "a transaction needs at least one output");
        }
        if (tx.size() > params.maxTxBytes()) {
            return reject(RejectCode.TX_TOO_LARGE,
                    "transaction of " + tx.size() + " bytes exceeds the limit of " + params.maxTxBytes());
        }
        Optional<Rejection> values = checkValues(tx.outputs(), params.maxMoney());
        if (values.isPresent()) {
            return values;
        }
        Set<OutPoint> spent = new HashSet<>();
        for (TxIn input : inputs) {
            if (!spent.add(input.prevOut())) {
                return reject(RejectCode.DUPLICATE_INPUT, "output " + input.prevOut() + " is spent twice");
            }
        }
        return tx.isCoinbase() ? checkCoinbaseInput(inputs.get(0)) : checkSpendingInputs(inputs);
    }

    private static Optional<Rejection> checkValues(List<TxOut> outputs, long maxMoney) {
        long total = 0;
        for (int i = 0; i < outputs.size(); i++) {
            long value = outputs.get(i).value();
            if (value < 0) {
                return reject(RejectCode.NEGATIVE_VALUE, "output " + i + " has a negative value " + value);
            }
            if (value > maxMoney) {
                return reject(RejectCode.VALUE_TOO_LARGE, "output " + i + " value " + value + " exceeds " + maxMoney);
            }
            // Both terms are at most maxMoney, itself at most Long.MAX_VALUE / 2: no overflow.
            total += value;
            if (total > maxMoney) {
                return reject(RejectCode.TOTAL_TOO_LARGE, "outputs add up to more than " + maxMoney);
            }
        }
        return Optional.empty();
    }

    private static Optional<Rejection> checkCoinbaseInput(TxIn input) {
        int length = input.publicKey().length();
        if (length < TxIn.COINBASE_HEIGHT_BYTES || length > TxIn.MAX_PUBLIC_KEY_FIELD_BYTES) {
            return reject(RejectCode.BAD_COINBASE_DATA, "coinbase data must be " + TxIn.COINBASE_HEIGHT_BYTES
                    + " to " + TxIn.MAX_PUBLIC_KEY_FIELD_BYTES + " bytes (the height first), not " + length);
        }
        if (!input.signature().isEmpty()) {
            return reject(RejectCode.BAD_COINBASE_SIGNATURE, "a coinbase input carries no signature");
        }
        return Optional.empty();
    }

    private static Optional<Rejection> checkSpendingInputs(List<TxIn> inputs) {
        for (int i = 0; i < inputs.size(); i++) {
            TxIn input = inputs.get(i);
            if (input.prevOut().isNull()) {
                return reject(RejectCode.NULL_PREVOUT, "input " + i + " spends the null outpoint outside a coinbase");
            }
            Bytes key = input.publicKey();
            if (key.length() != PublicKey.COMPRESSED_BYTES || (key.get(0) != 0x02 && key.get(0) != 0x03)) {
                return reject(RejectCode.BAD_PUBLIC_KEY,
                        "input " + i + " public key must be " + PublicKey.COMPRESSED_BYTES + " bytes, compressed");
            }
            byte[] signature = input.signature().unsafeArray();
            if (!Signatures.isStrictDer(signature)) {
                return reject(RejectCode.BAD_SIGNATURE_ENCODING, "input " + i + " signature is not strict DER");
            }
            if (!Signatures.isLowS(signature)) {
                return reject(RejectCode.BAD_SIGNATURE_ENCODING, "input " + i + " signature has a high S value");
            }
        }
        return Optional.empty();
    }

    private static Optional<Rejection> reject(RejectCode code, String reason) {
        return Optional.of(new Rejection(code, reason));
    }
}
