package minicoin.core;

import java.util.Objects;
import minicoin.crypto.Address;
import minicoin.crypto.Hashes;

/** A transaction output: {@code value} whole coins payable to the key hashed in {@code address}. */
public record TxOut(long value, Address address) {

    public static final int BYTES = 8 + Hashes.HASH160_BYTES;

    public TxOut {
        Objects.requireNonNull(address, "address");
    }

    public void write(ByteWriter writer) {
        writer.writeInt64(value).writeBytes(address.hash160());
    }

    public static TxOut read(ByteReader reader) throws CodecException {
        long value = reader.readInt64("output value");
        byte[] keyHash = reader.readBytes(Hashes.HASH160_BYTES, "output key hash");
        return new TxOut(value, Address.ofHash160(keyHash));
    }

    /** The 28-byte encoding, also how the UTXO set stores an output. */
    public byte[] encode() {
        ByteWriter writer = new ByteWriter(BYTES);
        write(writer);
        return writer.toByteArray();
    }

    public static TxOut decode(byte[] bytes) throws CodecException {
        ByteReader reader = new ByteReader(bytes);
        TxOut out = read(reader);
        reader.requireEnd("output");
        return out;
    }
}
