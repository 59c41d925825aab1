package minicoin.core;

import java.util.Objects;

/**
 * A transaction input: the output it spends, the public key that owns that output, and the
 * signature. In a coinbase the public-key field carries the coinbase data instead: the block
 * height as 4 little-endian bytes, then up to {@value #MAX_COINBASE_EXTRA_BYTES} free bytes.
 */
public record TxIn(OutPoint prevOut, Bytes publicKey, Bytes signature) {

    /** Bitcoin caps the coinbase script at 100 bytes; the public-key field never needs more. */
    public static final int MAX_PUBLIC_KEY_FIELD_BYTES = 100;
    /** Strict DER of two 33-byte integers: 2 + 2 × (2 + 33). */
    public static final int MAX_SIGNATURE_BYTES = 72;
    public static final int COINBASE_HEIGHT_BYTES = 4;
    public static final int MAX_COINBASE_EXTRA_BYTES = MAX_PUBLIC_KEY_FIELD_BYTES - COINBASE_HEIGHT_BYTES;
    /** Outpoint plus two empty length bytes: what a count check may assume of each input. */
    static final int MIN_BYTES = OutPoint.BYTES + 2;

    public TxIn {
        Objects.requireNonNull(prevOut, "prevOut");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(signature, "signature");
    }

    public TxIn withSignature(Bytes newSignature) {
        return new TxIn(prevOut, publicKey, newSignature);
    }

    void write(ByteWriter writer, boolean withSignature) {
        prevOut.write(writer);
        writer.writeVarBytes(publicKey);
        if (withSignature) {
            writer.writeVarBytes(signature);
        }
    }

    static TxIn read(ByteReader reader) throws CodecException {
        OutPoint prevOut = OutPoint.read(reader);
        Bytes publicKey = reader.readVarBytes(MAX_PUBLIC_KEY_FIELD_BYTES, "input public key");
        Bytes signature = reader.readVarBytes(MAX_SIGNATURE_BYTES, "input signature");
        return new TxIn(prevOut, publicKey, signature);
    }
}
