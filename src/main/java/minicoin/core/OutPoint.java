package minicoin.core;

import java.util.Objects;

/** A reference to output {@code index} of transaction {@code txid}. */
public record OutPoint(Hash txid, long index) implements Comparable<OutPoint> {

    /** Largest output index; it doubles as the coinbase marker together with a zero txid. */
    public static final long MAX_INDEX = 0xffffffffL;
    /** What a coinbase input spends: nothing. */
    public static final OutPoint NULL = new OutPoint(Hash.ZERO, MAX_INDEX);
    public static final int BYTES = Hash.BYTES + 4;

    public OutPoint {
        Objects.requireNonNull(txid, "txid");
        if (index < 0 || index > MAX_INDEX) {
            throw new IllegalArgumentException("output index out of range: " + index);
        }
    }

    public boolean isNull() {
        return equals(NULL);
    }

    public void write(ByteWriter writer) {
        writer.writeHash(txid).writeUInt32(index);
    }

    public static OutPoint read(ByteReader reader) throws CodecException {
        return new OutPoint(reader.readHash("outpoint txid"), reader.readUInt32("outpoint index"));
    }

    /** The 36-byte encoding, also the UTXO set's key. */
    public byte[] encode() {
        ByteWriter writer = new ByteWriter(BYTES);
        write(writer);
        return writer.toByteArray();
    }

    public static OutPoint decode(byte[] bytes) throws CodecException {
        ByteReader reader = new ByteReader(bytes);
        OutPoint outPoint = read(reader);
        reader.requireEnd("outpoint");
        return outPoint;
    }

    @Override
    public int compareTo(OutPoint other) {
        int cmp = txid.compareTo(other.txid);
        return cmp != 0 ? cmp : Long.compare(index, other.index);
    }

    @Override
    public String toString() {
        return txid + ":" + index;
    }
}
