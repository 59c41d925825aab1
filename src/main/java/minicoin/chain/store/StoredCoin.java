package minicoin.chain.store;

import java.util.Arrays;
import minicoin.chain.Coin;
import minicoin.core.CodecException;
import minicoin.core.TxOut;
import minicoin.crypto.Address;

/**
 * A coin as the UTXO table stores it: {@code [address HASH160, 20 bytes][value, varint][height × 2
 * + coinbase, varint]}, 24 to 28 bytes where {@link Coin#encode()} takes 33. Small values (dust,
 * zero-value outputs) take one byte, as Bitcoin Core's coins database writes amounts as varints.
 * Varints are LEB128 (seven bits a byte, low first); a value written longer than needed is damage.
 */
final class StoredCoin {

    private static final int ADDRESS_BYTES = 20;
    /** A 64-bit varint takes at most ten bytes. */
    private static final int MAX_VARINT_BYTES = 10;

    private StoredCoin() {
    }

    static byte[] encode(Coin coin) {
        byte[] out = new byte[ADDRESS_BYTES + 2 * MAX_VARINT_BYTES];
        System.arraycopy(coin.output().address().hash160(), 0, out, 0, ADDRESS_BYTES);
        int at = writeVarint(out, ADDRESS_BYTES, coin.value());
        at = writeVarint(out, at, coin.height() << 1 | (coin.coinbase() ? 1 : 0));
        return Arrays.copyOf(out, at);
    }

    static Coin decode(byte[] bytes) throws CodecException {
        if (bytes.length < ADDRESS_BYTES + 2) {
            throw new CodecException("stored coin: " + bytes.length + " bytes is too short");
        }
        int[] at = {ADDRESS_BYTES};
        long value = readVarint(bytes, at);
        long heightAndFlag = readVarint(bytes, at);
        if (at[0] != bytes.length) {
            throw new CodecException("stored coin: " + (bytes.length - at[0]) + " trailing bytes");
        }
        if (value < 0 || heightAndFlag >>> 1 > 0xffffffffL) {
            throw new CodecException("stored coin: value " + value + " or height " + (heightAndFlag >>> 1) + " out of range");
        }
        Address address = Address.ofHash160(Arrays.copyOf(bytes, ADDRESS_BYTES));
        return new Coin(new TxOut(value, address), heightAndFlag >>> 1, (heightAndFlag & 1) == 1);
    }

    private static int writeVarint(byte[] out, int at, long value) {
        while ((value & ~0x7fL) != 0) {
            out[at++] = (byte) (value & 0x7f | 0x80);
            value >>>= 7;
        }
        out[at++] = (byte) value;
        return at;
    }

    private static long readVarint(byte[] bytes, int[] at) throws CodecException {
        long value = 0;
        for (int shift = 0; shift < 7 * MAX_VARINT_BYTES; shift += 7) {
            if (at[0] >= bytes.length) {
                throw new CodecException("stored coin: a varint runs past the end");
            }
            int b = bytes[at[0]++] & 0xff;
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                if (b == 0 && shift > 0) {
                    throw new CodecException("stored coin: a varint written longer than needed");
                }
                return value;
            }
        }
        throw new CodecException("stored coin: a varint longer than ten bytes");
    }
}
