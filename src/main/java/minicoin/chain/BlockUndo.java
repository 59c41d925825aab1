package minicoin.chain;

import java.util.List;
import minicoin.core.ByteReader;
import minicoin.core.ByteWriter;
import minicoin.core.CodecException;
import minicoin.core.OutPoint;

/**
 * What disconnecting a block must put back: every coin its transactions spent, in the order
 * they were spent. (The coins it created are found from the block itself.)
 */
public record BlockUndo(List<Utxo> spent) {

    public BlockUndo {
        spent = List.copyOf(spent);
    }

    public byte[] encode() {
        ByteWriter writer = new ByteWriter(8 + spent.size() * (OutPoint.BYTES + Coin.BYTES));
        writer.writeCompactSize(spent.size());
        for (Utxo utxo : spent) {
            utxo.outPoint().write(writer);
            utxo.coin().write(writer);
        }
        return writer.toByteArray();
    }

    public static BlockUndo decode(byte[] bytes) throws CodecException {
        ByteReader reader = new ByteReader(bytes);
        int count = reader.readCount(Integer.MAX_VALUE, OutPoint.BYTES + Coin.BYTES, "undo count");
        Utxo[] spent = new Utxo[count];
        for (int i = 0; i < count; i++) {
            spent[i] = new Utxo(OutPoint.read(reader), Coin.read(reader));
        }
        reader.requireEnd("undo record");
        return new BlockUndo(List.of(spent));
    }
}
