package minicoin.crypto;

import minicoin.testing.Resources;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Base58Test {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void encodesAndDecodesEveryBitcoinCoreVector() throws AddressFormatException {
        JsonArray vectors = Resources.jsonArray("/vectors/bitcoin-core/base58_encode_decode.json");
        assertTrue(vectors.size() > 0);
        for (int i = 0; i < vectors.size(); i++) {
            JsonArray vector = vectors.getJsonArray(i);
            byte[] bytes = HEX.parseHex(vector.getString(0));
            String text = vector.getString(1);
            assertEquals(text, Base58.encode(bytes), "encode " + vector);
            assertArrayEquals(bytes, Base58.decode(text), "decode " + vector);
        }
    }

    @Test
    void leadingOnesAreLeadingZeroBytes() throws AddressFormatException {
        assertEquals("111", Base58.encode(new byte[3]));
        assertArrayEquals(new byte[] {0, 0, 1}, Base58.decode("112"));
        assertEquals("11z", Base58.encode(new byte[] {0, 0, 57}));
    }

    @Test
    void roundTripsRandomBytes() throws AddressFormatException {
        Random random = new Random(58);
        for (int i = 0; i < 500; i++) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);
            if (bytes.length > 0 && random.nextBoolean()) {
                bytes[0] = 0;
            }
            assertArrayEquals(bytes, Base58.decode(Base58.encode(bytes)));
        }
    }

    @Test
    void rejectsCharacterOutsideAlphabetNamingCharacterAndPosition() {
        for (char bad : new char[] {'0', 'O', 'I', 'l', ' ', '+', 'é'}) {
            AddressFormatException e = assertThrows(AddressFormatException.class, () -> Base58.decode("abc" + bad + "d"));
            assertEquals(AddressFormatException.Reason.BAD_CHARACTER, e.reason());
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("position 3"), e.getMessage());
        }
    }
}
