package minicoin.core;

import java.util.List;
import java.util.Objects;

/** An immutable block: a header and its transactions, the coinbase first. */
public final class Block {

    /** Codec hard cap; every network's consensus cap must be at most this. */
    public static final int MAX_BYTES = 8_000_000;

    private final BlockHeader header;
    private final List<Transaction> transactions;
    private volatile Hash hash;
    private volatile int size = -1;

    public Block(BlockHeader header, List<Transaction> transactions) {
        this.header = Objects.requireNonNull(header, "header");
        this.transactions = List.copyOf(transactions);
    }

    public BlockHeader header() {
        return header;
    }

    public List<Transaction> transactions() {
        return transactions;
    }

    public Hash hash() {
        Hash result = hash;
        if (result == null) {
            result = header.hash();
            hash = result;
        }
        return result;
    }

    /** The Merkle root the transactions give, to compare with the header's. */
    public Hash computeMerkleRoot() {
        return Merkle.rootOf(transactions);
    }

    public Block withHeader(BlockHeader newHeader) {
        return new Block(newHeader, transactions);
    }

    public int size() {
        int result = size;
        if (result < 0) {
            result = encode().length;
            size = result;
        }
        return result;
    }

    public byte[] encode() {
        ByteWriter writer = new ByteWriter(size > 0 ? size : 1024);
        header.write(writer);
        writer.writeCompactSize(transactions.size());
        for (Transaction tx : transactions) {
            tx.write(writer);
        }
        return writer.toByteArray();
    }

    /** Decodes exactly one block: no trailing bytes, at most {@value #MAX_BYTES} bytes. */
    public static Block decode(byte[] bytes) throws CodecException {
        if (bytes.length > MAX_BYTES) {
            throw new CodecException("block of " + bytes.length + " bytes exceeds the limit of " + MAX_BYTES);
        }
        ByteReader reader = new ByteReader(bytes);
        BlockHeader header = BlockHeader.read(reader);
        int count = reader.readCount(MAX_BYTES / Transaction.MIN_BYTES, Transaction.MIN_BYTES, "transaction count");
        Transaction[] transactions = new Transaction[count];
        for (int i = 0; i < count; i++) {
            transactions[i] = Transaction.read(reader);
        }
        reader.requireEnd("block");
        Block block = new Block(header, List.of(transactions));
        block.size = bytes.length;
        return block;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Block that && header.equals(that.header) && transactions.equals(that.transactions);
    }

    @Override
    public int hashCode() {
        return hash().hashCode();
    }

    @Override
    public String toString() {
        return "Block[" + hash() + ", " + transactions.size() + " tx]";
    }
}
