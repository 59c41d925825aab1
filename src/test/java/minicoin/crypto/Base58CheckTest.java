package minicoin.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Base58CheckTest {

    @Test
    void appendsFirstFourBytesOfDoubleSha256() throws AddressFormatException {
        byte[] versioned = HexFormat.of().parseHex("00a31c06bd463e3923bc1aadbde48b16976c080717");
        String text = Base58Check.encode(versioned);
        byte[] raw = Base58.decode(text);
        assertArrayEquals(versioned, Arrays.copyOf(raw, versioned.length));
        assertArrayEquals(Arrays.copyOf(Hashes.doubleSha256(versioned), 4), Arrays.copyOfRange(raw, versioned.length, raw.length));
        assertEquals("1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo", text); // Bitcoin Core key_io_valid.json
    }

    @Test
    void decodeReturnsVersionAndPayloadWithoutChecksum() throws AddressFormatException {
        byte[] versioned = {(byte) 0x80, 1, 2, 3};
        assertArrayEquals(versioned, Base58Check.decode(Base58Check.encode(versioned)));
        assertArrayEquals(new byte[0], Base58Check.decode(Base58Check.encode(new byte[0])));
    }

    @Test
    void rejectsEmptyString() {
        AddressFormatException e = assertThrows(AddressFormatException.class, () -> Base58Check.decode(""));
        assertEquals(AddressFormatException.Reason.EMPTY, e.reason());
    }

    @Test
    void rejectsStringShorterThanChecksum() {
        AddressFormatException e = assertThrows(AddressFormatException.class,
                () -> Base58Check.decode(Base58.encode(new byte[] {1, 2, 3})));
        assertEquals(AddressFormatException.Reason.WRONG_LENGTH, e.reason());
    }

    @Test
    void rejectsBadChecksum() {
        byte[] raw = {0, 1, 2, 3, 4, 5, 6, 7};
        AddressFormatException e = assertThrows(AddressFormatException.class, () -> Base58Check.decode(Base58.encode(raw)));
        assertEquals(AddressFormatException.Reason.BAD_CHECKSUM, e.reason());
    }
}
