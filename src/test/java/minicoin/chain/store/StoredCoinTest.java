package minicoin.chain.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import minicoin.chain.Coin;
import minicoin.chain.TestBlocks;
import minicoin.core.CodecException;
import minicoin.core.TxOut;
import minicoin.crypto.Address;
import org.junit.jupiter.api.Test;

/** The UTXO table's compact coin: round trips at the ends of every field, dust in few bytes, damage refused. */
class StoredCoinTest {

    private static final Address OWNER = TestBlocks.address(TestBlocks.key("owner"));

    @Test
    void roundTripsAtTheEndsOfEveryField() throws CodecException {
        for (long value : new long[] {0, 1, 127, 128, 546, 50_0000_0000L, Long.MAX_VALUE}) {
            for (long height : new long[] {0, 1, 840_000, 0xffffffffL}) {
                for (boolean coinbase : new boolean[] {false, true}) {
                    Coin coin = new Coin(new TxOut(value, OWNER), height, coinbase);
                    assertEquals(coin, StoredCoin.decode(StoredCoin.encode(coin)));
                }
            }
        }
    }

    @Test
    void aZeroValueOutputTakesTwentyFourBytesWhereTheWireEncodingTakesThirtyThree() {
        Coin dust = new Coin(new TxOut(0, OWNER), 800_000, false);
        assertEquals(24, StoredCoin.encode(dust).length);
        assertEquals(Coin.BYTES, dust.encode().length);
    }

    @Test
    void refusesTruncatedPaddedOrOverlongBytes() {
        byte[] good = StoredCoin.encode(new Coin(new TxOut(300, OWNER), 5, false));
        assertThrows(CodecException.class, () -> StoredCoin.decode(Arrays.copyOf(good, good.length - 1)));
        assertThrows(CodecException.class, () -> StoredCoin.decode(Arrays.copyOf(good, good.length + 1)));
        byte[] overlong = Arrays.copyOf(good, 23);
        overlong[20] = (byte) 0x80;
        overlong[21] = 0;
        overlong[22] = 10;
        assertThrows(CodecException.class, () -> StoredCoin.decode(overlong));
    }
}
