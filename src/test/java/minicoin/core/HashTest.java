package minicoin.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class HashTest {

    @Test
    void displayFormIsByteReversed() {
        byte[] bytes = new byte[32];
        bytes[0] = 0x01;
        bytes[31] = (byte) 0xab;
        Hash hash = Hash.of(bytes);
        assertEquals("ab" + "00".repeat(30) + "01", hash.toString());
        assertEquals(hash, Hash.fromHex(hash.toString()));
    }

    @Test
    void comparesAsLittleEndianNumbers() {
        Hash small = Hash.fromHex("00" + "ff".repeat(31));
        Hash large = Hash.fromHex("01" + "00".repeat(31));
        assertTrue(small.compareTo(large) < 0);
        assertEquals(BigInteger.ONE.shiftLeft(248), large.toBigInteger());
    }

    @Test
    void rejectsMalformedHex() {
        assertThrows(IllegalArgumentException.class, () -> Hash.fromHex("abc"));
        assertThrows(IllegalArgumentException.class, () -> Hash.fromHex("zz".repeat(32)));
        assertThrows(IllegalArgumentException.class, () -> Hash.of(new byte[31]));
    }

    @Test
    void isImmutable() {
        byte[] bytes = new byte[32];
        Hash hash = Hash.of(bytes);
        bytes[0] = 1;
        hash.toArray()[1] = 1;
        assertTrue(hash.isZero());
    }
}
