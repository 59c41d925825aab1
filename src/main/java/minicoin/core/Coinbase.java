package minicoin.core;

import java.util.List;
import minicoin.crypto.Address;

/** Builds coinbase transactions: the block's reward, carrying the block height. */
public final class Coinbase {

    private Coinbase() {
    }

    public static Transaction create(long height, long value, Address payTo) {
        return create(height, value, payTo, Bytes.EMPTY);
    }

    /**
     * A coinbase for block {@code height} paying {@code value} to {@code payTo}. {@code extra} (an
     * extra nonce or a tag, at most {@value TxIn#MAX_COINBASE_EXTRA_BYTES} bytes) follows the height.
     */
    public static Transaction create(long height, long value, Address payTo, Bytes extra) {
        if (height < 0 || height > 0xffffffffL) {
            throw new IllegalArgumentException("height is unsigned 32-bit: " + height);
        }
        if (extra.length() > TxIn.MAX_COINBASE_EXTRA_BYTES) {
            throw new IllegalArgumentException("coinbase extra data is at most " + TxIn.MAX_COINBASE_EXTRA_BYTES + " bytes");
        }
        ByteWriter data = new ByteWriter(TxIn.COINBASE_HEIGHT_BYTES + extra.length());
        data.writeUInt32(height).writeBytes(extra);
        TxIn input = new TxIn(OutPoint.NULL, Bytes.wrap(data.toByteArray()), Bytes.EMPTY);
        return Transaction.of(List.of(input), List.of(new TxOut(value, payTo)));
    }
}
