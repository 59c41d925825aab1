package minicoin.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ModularInverseTest {

    private static final int RANDOM_VALUES = 5000;

    private static List<BigInteger> samples(BigInteger modulus, long seed) {
        List<BigInteger> values = new ArrayList<>();
        for (long small = 1; small < 70; small++) {
            values.add(BigInteger.valueOf(small));
            values.add(modulus.subtract(BigInteger.valueOf(small)));
        }
        for (int bit = 1; bit < 256; bit++) {
            values.add(BigInteger.ONE.shiftLeft(bit).mod(modulus));
            values.add(BigInteger.ONE.shiftLeft(bit).subtract(BigInteger.ONE).mod(modulus));
        }
        values.add(modulus.shiftRight(1));
        values.add(modulus.shiftRight(1).add(BigInteger.ONE));
        Random random = new Random(seed);
        for (int i = 0; i < RANDOM_VALUES; i++) {
            values.add(new BigInteger(1 + random.nextInt(256), random).mod(modulus));
        }
        values.removeIf(v -> v.signum() == 0);
        return values;
    }

    @Test
    void invertsModuloTheGroupOrderLikeBigInteger() {
        ModularInverse inverse = new ModularInverse(EcdsaVerifier.N);
        for (BigInteger x : samples(EcdsaVerifier.N, 31)) {
            assertEquals(x.modInverse(EcdsaVerifier.N), inverse.invert(x), x.toString(16));
        }
    }

    @Test
    void invertsModuloTheFieldPrimeLikeBigInteger() {
        ModularInverse inverse = new ModularInverse(EcdsaVerifier.P);
        for (BigInteger x : samples(EcdsaVerifier.P, 32)) {
            assertEquals(x.modInverse(EcdsaVerifier.P), inverse.invert(x), x.toString(16));
        }
    }

    @Test
    void invertsModuloOtherOddModuli() {
        Random random = new Random(33);
        for (int i = 0; i < 500; i++) {
            BigInteger modulus = new BigInteger(2 + random.nextInt(255), random).setBit(0);
            if (modulus.equals(BigInteger.ONE)) {
                continue;
            }
            ModularInverse inverse = new ModularInverse(modulus);
            BigInteger x = new BigInteger(256, random).mod(modulus);
            if (x.signum() == 0 || !x.gcd(modulus).equals(BigInteger.ONE)) {
                continue;
            }
            assertEquals(x.modInverse(modulus), inverse.invert(x), x + " mod " + modulus);
        }
    }

    @Test
    void refusesZeroAndOutOfRangeInputs() {
        ModularInverse inverse = new ModularInverse(EcdsaVerifier.N);
        assertThrows(ArithmeticException.class, () -> inverse.invert(BigInteger.ZERO));
        assertThrows(IllegalArgumentException.class, () -> inverse.invert(EcdsaVerifier.N));
        assertThrows(IllegalArgumentException.class, () -> inverse.invert(BigInteger.ONE.negate()));
        assertThrows(IllegalArgumentException.class, () -> new ModularInverse(BigInteger.valueOf(10)));
    }

    @Test
    void reportsNonInvertibleValues() {
        ModularInverse inverse = new ModularInverse(BigInteger.valueOf(3 * 5 * 7 * 11 * 13));
        assertThrows(ArithmeticException.class, () -> inverse.invert(BigInteger.valueOf(21)));
    }
}
