package minicoin.chain;

import java.util.Objects;
import minicoin.core.ByteReader;
import minicoin.core.ByteWriter;
import minicoin.core.CodecException;
import minicoin.core.TxOut;

/**
 * An unspent output and what validation must know of it: the height of the block that created it
 * and whether a coinbase did (coinbase outputs mature before they may be spent).
 */
public record Coin(TxOut output, long height, boolean coinbase) {

    public static final int BYTES = TxOut.BYTES + 4 + 1;

    public Coin {
        Objects.requireNonNull(output, "output");
        if (height < 0 || height > 0xffffffffL) {
            throw new IllegalArgumentException("height is unsigned 32-bit: " + height);
        }
    }

    public long value() {
        return output.value();
    }

    public void write(ByteWriter writer) {
        output.write(writer);
        writer.writeUInt32(height).writeByte(coinbase ? 1 : 0);
    }

    public static Coin read(ByteReader reader) throws CodecException {
        TxOut output = TxOut.read(reader);
        long height = reader.readUInt32("coin height");
        int flag = reader.readByte("coin flag");
        if (flag > 1) {
            throw new CodecException("coin flag must be 0 or 1, not " + flag);
        }
        return new Coin(output, height, flag == 1);
    }

    public byte[] encode() {
        ByteWriter writer = new ByteWriter(BYTES);
        write(writer);
        return writer.toByteArray();
    }

    public static Coin decode(byte[] bytes) throws CodecException {
        ByteReader reader = new ByteReader(bytes);
        Coin coin = read(reader);
        reader.requireEnd("coin");
        return coin;
    }
}
