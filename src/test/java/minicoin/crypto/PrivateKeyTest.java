package minicoin.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;

class PrivateKeyTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String GENERATOR_COMPRESSED = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";

    @Test
    void keyOneHasTheGeneratorAsPublicKey() {
        assertEquals(GENERATOR_COMPRESSED, PrivateKey.fromBytes(scalar(BigInteger.ONE)).publicKey().toString());
    }

    @Test
    void acceptsLargestKeyNMinusOne() {
        byte[] secret = scalar(Secp256k1.N.subtract(BigInteger.ONE));
        assertArrayEquals(secret, PrivateKey.fromBytes(secret).toBytes());
    }

    @Test
    void rejectsZero() {
        assertThrows(IllegalArgumentException.class, () -> PrivateKey.fromBytes(new byte[32]));
    }

    @Test
    void rejectsCurveOrderAndAbove() {
        assertThrows(IllegalArgumentException.class, () -> PrivateKey.fromBytes(scalar(Secp256k1.N)));
        byte[] allOnes = new byte[32];
        java.util.Arrays.fill(allOnes, (byte) 0xff);
        assertThrows(IllegalArgumentException.class, () -> PrivateKey.fromBytes(allOnes));
    }

    @Test
    void rejectsSecretsThatAreNot32Bytes() {
        assertThrows(IllegalArgumentException.class, () -> PrivateKey.fromBytes(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> PrivateKey.fromBytes(new byte[33]));
        assertThrows(IllegalArgumentException.class, () -> PrivateKey.fromBytes(null));
    }

    @Test
    void rejectionMessageDoesNotContainTheSecret() {
        byte[] outOfRange = scalar(Secp256k1.N.add(BigInteger.valueOf(12345)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PrivateKey.fromBytes(outOfRange));
        assertFalse(e.getMessage().contains(HEX.formatHex(outOfRange)), e.getMessage());
        assertFalse(e.getMessage().contains(new BigInteger(1, outOfRange).toString()), e.getMessage());
    }

    @Test
    void toStringShowsTheAddressNeverTheSecret() {
        PrivateKey key = PrivateKey.generate(new SecureRandom());
        String shown = key.toString();
        assertFalse(shown.toLowerCase().contains(HEX.formatHex(key.toBytes())), shown);
        assertFalse(shown.contains(new BigInteger(1, key.toBytes()).toString()), shown);
        assertTrue(shown.contains(key.publicKey().address().toString()), shown);
    }

    @Test
    void toBytesIsACopyAndRoundTrips() {
        PrivateKey key = PrivateKey.generate(new SecureRandom());
        byte[] bytes = key.toBytes();
        bytes[0] ^= 1;
        assertNotEquals(HEX.formatHex(bytes), HEX.formatHex(key.toBytes()));
        assertEquals(key, PrivateKey.fromBytes(key.toBytes()));
        assertEquals(key.hashCode(), PrivateKey.fromBytes(key.toBytes()).hashCode());
    }

    @Test
    void publicKeyIsComputedOnce() {
        PrivateKey key = PrivateKey.generate(new SecureRandom());
        assertSame(key.publicKey(), key.publicKey());
    }

    @Test
    void generatedKeysDiffer() {
        SecureRandom random = new SecureRandom();
        assertNotEquals(PrivateKey.generate(random), PrivateKey.generate(random));
    }

    @Test
    void signRejectsHashThatIsNot32Bytes() {
        PrivateKey key = PrivateKey.generate(new SecureRandom());
        assertThrows(IllegalArgumentException.class, () -> key.sign(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> key.sign(new byte[33]));
        assertThrows(IllegalArgumentException.class, () -> key.sign(null));
    }

    private static byte[] scalar(BigInteger value) {
        return BigIntegers.asUnsignedByteArray(32, value);
    }
}
