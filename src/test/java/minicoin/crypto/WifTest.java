package minicoin.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class WifTest {

    /** Bitcoin Core key_io_valid.json, main chain. */
    private static final String UNCOMPRESSED = "5JuW2AMDYu4xVwRG9DZW18VbzQrGcd5RCgb99sS6ehJsNQXu5b9";
    private static final String COMPRESSED = "L5nJeqKmpHp4P7F8ZYyjwc5a7P4d8EabuGAzfGJk7yC1BJyzNaEd";
    /** Bitcoin Core key_io_valid.json, testnet. */
    private static final String TESTNET = "cV83kKisF3RQSvXbUCm9ox3kaz5JjEUBWcx8tNydfGJcyeUxuH47";

    @Test
    void decodesUncompressedAndCompressedMainChainKeys() throws AddressFormatException {
        Wif uncompressed = Wif.decode(UNCOMPRESSED);
        assertFalse(uncompressed.compressed());
        assertArrayEquals(HexFormat.of().parseHex("8f8943bf956de595665c38ffff23827e17c10cdc1c27a028caae6c9810626198"),
                uncompressed.key().toBytes());
        assertTrue(Wif.decode(COMPRESSED).compressed());
    }

    @Test
    void roundTripsGeneratedKeysBothWays() throws AddressFormatException {
        SecureRandom random = new SecureRandom();
        for (boolean compressed : new boolean[] {false, true}) {
            Wif wif = new Wif(PrivateKey.generate(random), compressed);
            String text = wif.encode();
            assertTrue(compressed ? text.startsWith("K") || text.startsWith("L") : text.startsWith("5"), text);
            assertEquals(wif, Wif.decode(text));
        }
    }

    @Test
    void rejectsTestnetKeyAsWrongVersion() {
        assertReason(AddressFormatException.Reason.WRONG_VERSION, TESTNET);
    }

    @Test
    void rejectsPayloadOfWrongLengthOrWrongMarker() {
        byte[] marker = new byte[34];
        marker[0] = Wif.MAIN_VERSION;
        marker[1] = 1;
        marker[33] = 0x02; // only 0x01 means compressed
        assertReason(AddressFormatException.Reason.WRONG_LENGTH, Base58Check.encode(marker));
        byte[] tooShort = new byte[32];
        tooShort[0] = Wif.MAIN_VERSION;
        assertReason(AddressFormatException.Reason.WRONG_LENGTH, Base58Check.encode(tooShort));
        assertReason(AddressFormatException.Reason.WRONG_LENGTH, "1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH");
    }

    @Test
    void rejectsBadChecksum() {
        String typo = COMPRESSED.substring(0, 20) + (COMPRESSED.charAt(20) == 'a' ? 'b' : 'a') + COMPRESSED.substring(21);
        assertReason(AddressFormatException.Reason.BAD_CHECKSUM, typo);
    }

    @Test
    void rejectsZeroSecret() {
        byte[] zero = new byte[33];
        zero[0] = Wif.MAIN_VERSION;
        assertReason(AddressFormatException.Reason.KEY_OUT_OF_RANGE, Base58Check.encode(zero));
    }

    @Test
    void toStringDoesNotRevealTheSecret() throws AddressFormatException {
        Wif wif = Wif.decode(COMPRESSED);
        String shown = wif.toString();
        assertFalse(shown.contains(HexFormat.of().formatHex(wif.key().toBytes())), shown);
        assertFalse(shown.contains(COMPRESSED), shown);
    }

    private static void assertReason(AddressFormatException.Reason reason, String text) {
        AddressFormatException e = assertThrows(AddressFormatException.class, () -> Wif.decode(text));
        assertEquals(reason, e.reason(), e.getMessage());
    }
}
