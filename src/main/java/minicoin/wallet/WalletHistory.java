package minicoin.wallet;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import minicoin.core.Bytes;
import minicoin.core.Transaction;
import minicoin.core.TxIn;
import minicoin.core.TxOut;
import minicoin.crypto.Address;
import minicoin.crypto.PublicKey;

/**
 * The wallet's history as Bitcoin Core's {@code listtransactions} tells it: each recorded
 * transaction becomes one entry per output that matters, as Core's {@code CachedTxGetAmounts}
 * decides. In a payment the wallet made, an output back to a paying address is change and not
 * listed; every other output is a {@code send} (a negative amount, with the fee), and one to an
 * address of the wallet is also a {@code receive}. In a transaction the wallet did not make, each
 * output to one of its addresses is a {@code receive}.
 */
public final class WalletHistory {

    /** One entry of the history. */
    public enum Category {
        SEND, RECEIVE;

        /** Core's lower-case name. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * @param amount signed, in whole coins: negative for a send
     * @param fee    the payment's fee, for a send whose fee the wallet recorded
     */
    public record Entry(WalletTx record, Category category, Address address, long amount, int vout, OptionalLong fee) {
    }

    private WalletHistory() {
    }

    /** The entries of {@code records}, in their order, each record's outputs in order (sends before receives). */
    public static List<Entry> entries(List<WalletTx> records, Set<Bytes> ownedKeyHashes) {
        List<Entry> entries = new ArrayList<>();
        for (WalletTx record : records) {
            entries.addAll(entries(record, ownedKeyHashes));
        }
        return entries;
    }

    static List<Entry> entries(WalletTx record, Set<Bytes> ownedKeyHashes) {
        Transaction tx = record.tx();
        Set<Address> payers = new HashSet<>();
        if (record.mine()) {
            for (TxIn input : tx.inputs()) {
                // The wallet signed every input of its own payments: each carries one of its public keys.
                payers.add(PublicKey.fromBytes(input.publicKey().toArray()).address());
            }
        }
        List<Entry> sends = new ArrayList<>();
        List<Entry> receives = new ArrayList<>();
        for (int vout = 0; vout < tx.outputs().size(); vout++) {
            TxOut output = tx.outputs().get(vout);
            Address to = output.address();
            boolean ours = ownedKeyHashes.contains(Bytes.of(to.hash160()));
            if (record.mine()) {
                if (payers.contains(to)) {
                    continue;
                }
                sends.add(new Entry(record, Category.SEND, to, -output.value(), vout, record.fee()));
            }
            if (ours) {
                receives.add(new Entry(record, Category.RECEIVE, to, output.value(), vout, OptionalLong.empty()));
            }
        }
        sends.addAll(receives);
        return sends;
    }
}
