package minicoin.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class AddressTest {

    /** Bitcoin Core key_io_valid.json, main chain P2PKH. */
    private static final String VALID = "1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo";
    private static final String VALID_HASH160 = "a31c06bd463e3923bc1aadbde48b16976c080717";
    /** Bitcoin Core key_io_valid.json, main chain P2SH. */
    private static final String P2SH = "36j4NfKv6Akva9amjWrLG6MuSQym1GuEmm";

    @Test
    void parsesMainChainP2pkhAndRoundTrips() throws AddressFormatException {
        Address address = Address.parse(VALID);
        assertArrayEquals(HexFormat.of().parseHex(VALID_HASH160), address.hash160());
        assertEquals(VALID, address.toString());
        assertEquals(address, Address.ofHash160(HexFormat.of().parseHex(VALID_HASH160)));
    }

    @Test
    void addressOfKeyOneIsTheWellKnownCompressedAddress() {
        byte[] one = new byte[32];
        one[31] = 1;
        assertEquals("1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH", PrivateKey.fromBytes(one).publicKey().address().toString());
    }

    @Test
    void rejectsEmpty() {
        assertReason(AddressFormatException.Reason.EMPTY, "");
        assertReason(AddressFormatException.Reason.EMPTY, null);
    }

    @Test
    void rejectsZeroCharacterNamingIt() {
        String bad = VALID.substring(0, 5) + "0" + VALID.substring(6);
        AddressFormatException e = assertReason(AddressFormatException.Reason.BAD_CHARACTER, bad);
        assertTrue(e.getMessage().contains("'0'") && e.getMessage().contains("position 5"), e.getMessage());
    }

    @Test
    void rejectsOneMistypedCharacterByChecksum() {
        char replaced = VALID.charAt(10);
        char typo = replaced == 'a' ? 'b' : 'a';
        assertReason(AddressFormatException.Reason.BAD_CHECKSUM, VALID.substring(0, 10) + typo + VALID.substring(11));
    }

    @Test
    void rejectsP2shAddressAsWrongVersion() {
        AddressFormatException e = assertReason(AddressFormatException.Reason.WRONG_VERSION, P2SH);
        assertTrue(e.getMessage().contains("P2SH"), e.getMessage());
    }

    @Test
    void rejectsTestnetAddressAsWrongVersion() {
        assertReason(AddressFormatException.Reason.WRONG_VERSION, "mzK2FFDEhxqHcmrJw1ysqFkVyhUULo45hZ");
    }

    @Test
    void rejectsPayloadThatIsNot21BytesAsWrongLength() {
        byte[] tooLong = new byte[22];
        assertReason(AddressFormatException.Reason.WRONG_LENGTH, Base58Check.encode(tooLong));
        byte[] tooShort = new byte[20];
        assertReason(AddressFormatException.Reason.WRONG_LENGTH, Base58Check.encode(tooShort));
    }

    @Test
    void rejectsBech32WithHint() {
        AddressFormatException e = assertThrows(AddressFormatException.class,
                () -> Address.parse("bc1qvyq0cc6rahyvsazfdje0twl7ez82ndmuac2lhv"));
        assertTrue(e.getMessage().contains("bech32"), e.getMessage());
    }

    @Test
    void ofHash160RejectsWrongLength() {
        assertThrows(IllegalArgumentException.class, () -> Address.ofHash160(new byte[19]));
        assertThrows(IllegalArgumentException.class, () -> Address.ofHash160(new byte[21]));
        assertThrows(IllegalArgumentException.class, () -> Address.ofHash160(null));
    }

    @Test
    void isImmutableAgainstCallerArrays() {
        byte[] hash = new byte[20];
        Address address = Address.ofHash160(hash);
        hash[0] = 1;
        address.hash160()[1] = 1;
        assertArrayEquals(new byte[20], address.hash160());
    }

    @Test
    void equalsHashCodeAndOrderFollowTheKeyHash() {
        byte[] low = new byte[20];
        byte[] high = new byte[20];
        high[0] = (byte) 0x80; // unsigned order: 0x80 sorts after 0x01
        byte[] middle = new byte[20];
        middle[0] = 0x01;
        Address a = Address.ofHash160(low);
        assertEquals(a, Address.ofHash160(new byte[20]));
        assertEquals(a.hashCode(), Address.ofHash160(new byte[20]).hashCode());
        assertNotEquals(a, Address.ofHash160(high));
        TreeSet<Address> sorted = new TreeSet<>(List.of(Address.ofHash160(high), a, Address.ofHash160(middle)));
        assertEquals(List.of(a, Address.ofHash160(middle), Address.ofHash160(high)), List.copyOf(sorted));
    }

    private static AddressFormatException assertReason(AddressFormatException.Reason reason, String text) {
        AddressFormatException e = assertThrows(AddressFormatException.class, () -> Address.parse(text));
        assertEquals(reason, e.reason(), e.getMessage());
        return e;
    }
}
