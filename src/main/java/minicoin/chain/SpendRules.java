package minicoin.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import minicoin.core.Bytes;
import minicoin.core.ConsensusParams;
import minicoin.core.RejectCode;
import minicoin.core.Transaction;
import minicoin.core.TxIn;
import minicoin.core.TxOut;
import minicoin.crypto.Address;
import minicoin.crypto.Hashes;

/**
 * The rules a transaction meets against the outputs it spends: each exists and is unspent, is
 * mature if a coinbase made it, belongs to the key the input shows, and together they cover the
 * outputs. Signatures are returned to verify, so a block can check all of its own in parallel.
 */
public final class SpendRules {

    /** A transaction whose inputs check out: its fee, and the signatures still to verify. */
    public record Checked(long fee, List<SignatureCheck> signatures) {
    }

    private SpendRules() {
    }

    /**
     * Checks the inputs of a non-coinbase transaction that would be in a block at
     * {@code spendHeight}, reading the coins it spends from {@code view}.
     */
    public static Checked checkInputs(Transaction tx, UtxoView view, long spendHeight, ConsensusParams params)
            throws ValidationException {
        List<TxIn> inputs = tx.inputs();
        List<SignatureCheck> signatures = new ArrayList<>(inputs.size());
        long totalIn = 0;
        for (int i = 0; i < inputs.size(); i++) {
            TxIn input = inputs.get(i);
            Optional<Coin> found = view.coin(input.prevOut());
            if (found.isEmpty()) {
                throw new ValidationException(RejectCode.MISSING_INPUT,
                        "input " + i + " spends " + input.prevOut() + ", which is unknown or already spent");
            }
            Coin coin = found.get();
            if (coin.coinbase() && spendHeight - coin.height() < params.coinbaseMaturity()) {
                throw new ValidationException(RejectCode.IMMATURE_COINBASE, "input " + i + " spends a coinbase of height "
                        + coin.height() + " before it matures at " + (coin.height() + params.coinbaseMaturity()));
            }
            TxOut spent = coin.output();
            if (!ownerOf(input.publicKey()).equals(spent.address())) {
                throw new ValidationException(RejectCode.WRONG_KEY,
                        "input " + i + " shows a key that does not hash to " + spent.address());
            }
            totalIn += spent.value();
            if (totalIn > params.maxMoney()) {
                throw new ValidationException(RejectCode.TOTAL_TOO_LARGE, "inputs add up to more than " + params.maxMoney());
            }
            signatures.add(new SignatureCheck(tx.txid(), i, input.publicKey(), tx.signatureHash(i, spent), input.signature()));
        }
        long totalOut = 0;
        for (TxOut output : tx.outputs()) {
            totalOut += output.value();
        }
        if (totalOut > totalIn) {
            throw new ValidationException(RejectCode.VALUE_CREATED,
                    "outputs of " + totalOut + " exceed inputs of " + totalIn);
        }
        return new Checked(totalIn - totalOut, signatures);
    }

    private static Address ownerOf(Bytes publicKey) {
        return Address.ofHash160(Hashes.hash160(publicKey.toArray()));
    }
}
