package minicoin.core;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import minicoin.crypto.Hashes;

/**
 * An immutable transaction: version, inputs, outputs, lock time.
 *
 * <p>The {@linkplain #txid() txid} hashes the transaction without its signatures, so a third party
 * cannot change it by re-encoding a signature; the {@linkplain #fullHash() full hash} covers the
 * signatures too and is what the block's Merkle root commits to.
 */
public final class Transaction {

    public static final int CURRENT_VERSION = 1;
    /** Codec hard cap; every network's consensus cap must be at most this. */
    public static final int MAX_BYTES = 1_000_000;
    /** Version, two one-byte counts, one input, one output, lock time. */
    static final int MIN_BYTES = 4 + 1 + TxIn.MIN_BYTES + 1 + TxOut.BYTES + 4;

    private final int version;
    private final List<TxIn> inputs;
    private final List<TxOut> outputs;
    private final long lockTime;

    // Derived values, computed at most a few times under a race and then cached; all immutable.
    private volatile Hash txid;
    private volatile Hash fullHash;
    private volatile int size = -1;

    public Transaction(int version, List<TxIn> inputs, List<TxOut> outputs, long lockTime) {
        this.version = version;
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        if (lockTime < 0 || lockTime > 0xffffffffL) {
            throw new IllegalArgumentException("lock time is unsigned 32-bit: " + lockTime);
        }
        this.lockTime = lockTime;
    }

    public static Transaction of(List<TxIn> inputs, List<TxOut> outputs) {
        return new Transaction(CURRENT_VERSION, inputs, outputs, 0);
    }

    public int version() {
        return version;
    }

    public List<TxIn> inputs() {
        return inputs;
    }

    public List<TxOut> outputs() {
        return outputs;
    }

    public long lockTime() {
        return lockTime;
    }

    /** A coinbase has exactly one input, and it spends the null outpoint. */
    public boolean isCoinbase() {
        return inputs.size() == 1 && inputs.get(0).prevOut().isNull();
    }

    /** The height a coinbase carries, if this is a coinbase with room for one. */
    public OptionalLong coinbaseHeight() {
        if (!isCoinbase()) {
            return OptionalLong.empty();
        }
        Bytes data = inputs.get(0).publicKey();
        if (data.length() < TxIn.COINBASE_HEIGHT_BYTES) {
            return OptionalLong.empty();
        }
        long height = (data.get(0) & 0xffL) | (data.get(1) & 0xffL) << 8
                | (data.get(2) & 0xffL) << 16 | (data.get(3) & 0xffL) << 24;
        return OptionalLong.of(height);
    }

    /** Double SHA-256 of the transaction without signatures. */
    public Hash txid() {
        Hash result = txid;
        if (result == null) {
            result = Hash.wrap(Hashes.doubleSha256(encode(false)));
            txid = result;
        }
        return result;
    }

    /** Double SHA-256 of the full transaction, signatures included: the Merkle leaf. */
    public Hash fullHash() {
        Hash result = fullHash;
        if (result == null) {
            byte[] encoded = encode();
            result = Hash.wrap(Hashes.doubleSha256(encoded));
            size = encoded.length;
            fullHash = result;
        }
        return result;
    }

    /**
     * What input {@code inputIndex} signs: the txid, the input's index and the output it spends
     * (value and key hash), so a signature cannot be replayed on another input or amount.
     */
    public Hash signatureHash(int inputIndex, TxOut spent) {
        Objects.checkIndex(inputIndex, inputs.size());
        ByteWriter writer = new ByteWriter(Hash.BYTES + 4 + TxOut.BYTES);
        writer.writeHash(txid()).writeInt32(inputIndex);
        spent.write(writer);
        return Hash.wrap(Hashes.doubleSha256(writer.toByteArray()));
    }

    /** The encoded size in bytes, signatures included. */
    public int size() {
        int result = size;
        if (result < 0) {
            result = encode().length;
            size = result;
        }
        return result;
    }

    public Transaction withInputs(List<TxIn> newInputs) {
        return new Transaction(version, newInputs, outputs, lockTime);
    }

    /** The canonical encoding, signatures included. */
    public byte[] encode() {
        return encode(true);
    }

    private byte[] encode(boolean withSignatures) {
        ByteWriter writer = new ByteWriter(size > 0 ? size : 256);
        write(writer, withSignatures);
        return writer.toByteArray();
    }

    public void write(ByteWriter writer) {
        write(writer, true);
    }

    private void write(ByteWriter writer, boolean withSignatures) {
        writer.writeInt32(version);
        writer.writeCompactSize(inputs.size());
        for (TxIn input : inputs) {
            input.write(writer, withSignatures);
        }
        writer.writeCompactSize(outputs.size());
        for (TxOut output : outputs) {
            output.write(writer);
        }
        writer.writeUInt32(lockTime);
    }

    /** Reads one transaction, as found inside a block. */
    public static Transaction read(ByteReader reader) throws CodecException {
        int start = reader.position();
        int version = reader.readInt32("transaction version");
        int inputCount = reader.readCount(MAX_BYTES / TxIn.MIN_BYTES, TxIn.MIN_BYTES, "input count");
        TxIn[] inputs = new TxIn[inputCount];
        for (int i = 0; i < inputCount; i++) {
            inputs[i] = TxIn.read(reader);
        }
        int outputCount = reader.readCount(MAX_BYTES / TxOut.BYTES, TxOut.BYTES, "output count");
        TxOut[] outputs = new TxOut[outputCount];
        for (int i = 0; i < outputCount; i++) {
            outputs[i] = TxOut.read(reader);
        }
        long lockTime = reader.readUInt32("lock time");
        int length = reader.position() - start;
        if (length > MAX_BYTES) {
            throw new CodecException("transaction of " + length + " bytes exceeds the limit of " + MAX_BYTES);
        }
        Transaction tx = new Transaction(version, List.of(inputs), List.of(outputs), lockTime);
        tx.size = length;
        return tx;
    }

    /** Decodes exactly one transaction: no trailing bytes, at most {@value #MAX_BYTES} bytes. */
    public static Transaction decode(byte[] bytes) throws CodecException {
        if (bytes.length > MAX_BYTES) {
            throw new CodecException("transaction of " + bytes.length + " bytes exceeds the limit of " + MAX_BYTES);
        }
        ByteReader reader = new ByteReader(bytes);
        Transaction tx = read(reader);
        reader.requireEnd("transaction");
        return tx;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Transaction that
                && version == that.version
                && lockTime == that.lockTime
                && inputs.equals(that.inputs)
                && outputs.equals(that.outputs);
    }

    @Override
    public int hashCode() {
        return fullHash().hashCode();
    }

    @Override
    public String toString() {
        return "Transaction[" + txid() + ", " + inputs.size() + " in, " + outputs.size() + " out]";
    }
}
