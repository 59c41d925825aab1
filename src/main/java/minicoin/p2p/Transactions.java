package minicoin.p2p;

import java.util.List;
import minicoin.core.ByteReader;
import minicoin.core.ByteWriter;
import minicoin.core.CodecException;
import minicoin.core.Transaction;

/**
 * Transactions sent in answer to a {@link GetData} (the seed's code 3). Each is checked against
 * consensus and mempool rules by the receiver; the codec only bounds the bytes.
 */
public record Transactions(List<Transaction> transactions) implements Message {

    /** Per message, so one answer's validation work stays bounded; more are sent in several. */
    public static final int MAX_TRANSACTIONS = 1_000;
    /** Version, no inputs, no outputs, lock time: the shortest encoding the codec reads. */
    static final int MIN_TRANSACTION_BYTES = 4 + 1 + 1 + 4;

    public Transactions {
        transactions = List.copyOf(transactions);
        if (transactions.size() > MAX_TRANSACTIONS) {
            throw new IllegalArgumentException("at most " + MAX_TRANSACTIONS + " transactions, not " + transactions.size());
        }
    }

    @Override
    public MessageType type() {
        return MessageType.TRANSACTIONS;
    }

    @Override
    public void write(ByteWriter writer) {
        writer.writeCompactSize(transactions.size());
        for (Transaction tx : transactions) {
            tx.write(writer);
        }
    }

    public static Transactions decode(byte[] payload) throws CodecException {
        ByteReader reader = Payloads.reader(payload, MessageType.TRANSACTIONS);
        int count = reader.readCount(MAX_TRANSACTIONS, MIN_TRANSACTION_BYTES, "transactions count");
        Transaction[] transactions = new Transaction[count];
        for (int i = 0; i < count; i++) {
            transactions[i] = Transaction.read(reader);
        }
        reader.requireEnd("transactions");
        return new Transactions(List.of(transactions));
    }
}
