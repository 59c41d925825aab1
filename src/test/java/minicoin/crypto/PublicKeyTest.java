package minicoin.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PublicKeyTest {

    @Test
    void roundTripsCompressedBytes() {
        PublicKey key = PrivateKey.generate(new SecureRandom()).publicKey();
        byte[] bytes = key.toBytes();
        assertEquals(PublicKey.COMPRESSED_BYTES, bytes.length);
        assertEquals(key, PublicKey.fromBytes(bytes));
        assertEquals(key.hashCode(), PublicKey.fromBytes(bytes).hashCode());
        assertEquals(HexFormat.of().formatHex(bytes), key.toString());
    }

    @Test
    void toBytesIsACopy() {
        PublicKey key = PrivateKey.generate(new SecureRandom()).publicKey();
        key.toBytes()[5] ^= 1;
        assertEquals(key, PublicKey.fromBytes(key.toBytes()));
        byte[] input = key.toBytes();
        PublicKey parsed = PublicKey.fromBytes(input);
        input[5] ^= 1;
        assertNotEquals(HexFormat.of().formatHex(input), parsed.toString());
    }

    @Test
    void rejectsUncompressedKey() {
        PublicKey key = PrivateKey.generate(new SecureRandom()).publicKey();
        byte[] uncompressed = key.point().getEncoded(false);
        assertThrows(IllegalArgumentException.class, () -> PublicKey.fromBytes(uncompressed));
    }

    @Test
    void rejectsWrongPrefixAndLength() {
        byte[] bytes = PrivateKey.generate(new SecureRandom()).publicKey().toBytes();
        for (byte prefix : new byte[] {0x00, 0x01, 0x04, 0x06, 0x07}) {
            byte[] wrong = bytes.clone();
            wrong[0] = prefix;
            assertThrows(IllegalArgumentException.class, () -> PublicKey.fromBytes(wrong));
        }
        assertThrows(IllegalArgumentException.class, () -> PublicKey.fromBytes(Arrays.copyOf(bytes, 32)));
        assertThrows(IllegalArgumentException.class, () -> PublicKey.fromBytes(Arrays.copyOf(bytes, 34)));
        assertThrows(IllegalArgumentException.class, () -> PublicKey.fromBytes(null));
    }

    @Test
    void rejectsXWithNoPointOnTheCurve() {
        assertThrows(IllegalArgumentException.class, () -> PublicKey.fromBytes(offCurveKey()));
    }

    @Test
    void rejectsXNotBelowFieldPrime() {
        byte[] bytes = new byte[PublicKey.COMPRESSED_BYTES];
        Arrays.fill(bytes, (byte) 0xff);
        bytes[0] = 0x02;
        assertThrows(IllegalArgumentException.class, () -> PublicKey.fromBytes(bytes));
    }

    @Test
    void addressIsHash160OfCompressedBytes() {
        PublicKey key = PrivateKey.generate(new SecureRandom()).publicKey();
        assertArrayEquals(Hashes.hash160(key.toBytes()), key.address().hash160());
    }

    /** A compressed encoding whose x makes x³ + 7 a non-residue mod p, so no y exists. */
    static byte[] offCurveKey() {
        BigInteger p = Secp256k1.CURVE.getField().getCharacteristic();
        BigInteger legendreExponent = p.subtract(BigInteger.ONE).shiftRight(1);
        for (int x = 1; ; x++) {
            BigInteger rhs = BigInteger.valueOf(x).pow(3).add(BigInteger.valueOf(7)).mod(p);
            if (!rhs.modPow(legendreExponent, p).equals(BigInteger.ONE)) {
                byte[] bytes = new byte[PublicKey.COMPRESSED_BYTES];
                bytes[0] = 0x02;
                byte[] xBytes = BigInteger.valueOf(x).toByteArray();
                System.arraycopy(xBytes, 0, bytes, bytes.length - xBytes.length, xBytes.length);
                return bytes;
            }
        }
    }
}
