package minicoin.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Random;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

/** Point formulas and multiples of G, checked against Bouncy Castle's secp256k1. */
class JacobianPointTest {

    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
    private static final BigInteger N = CURVE.getN();
    private static final ECPoint BC_G = CURVE.getG();
    private static final int RANDOM_SCALARS = 300;

    private final JacobianPoint.Scratch scratch = new JacobianPoint.Scratch();

    private static FieldElement fe(BigInteger v) {
        return FieldElementTest.fe(v);
    }

    private static JacobianPoint fromBc(ECPoint point) {
        ECPoint normal = point.normalize();
        return new JacobianPoint().setAffine(fe(normal.getAffineXCoord().toBigInteger()),
                fe(normal.getAffineYCoord().toBigInteger()));
    }

    private static void assertSamePoint(ECPoint expected, JacobianPoint actual, String message) {
        ECPoint normal = expected.normalize();
        if (normal.isInfinity()) {
            assertTrue(actual.infinity, message + ": expected infinity");
            return;
        }
        assertFalse(actual.infinity, message + ": unexpected infinity");
        FieldElement x = new FieldElement();
        FieldElement y = new FieldElement();
        assertTrue(actual.toAffine(x, y));
        assertEquals(normal.getAffineXCoord().toBigInteger(), x.toBigInteger(), message + " x");
        assertEquals(normal.getAffineYCoord().toBigInteger(), y.toBigInteger(), message + " y");
    }

    /** k·G by plain double-and-add, using only the formulas under test (not the verifier's tables). */
    private JacobianPoint doubleAndAdd(BigInteger k, JacobianPoint base) {
        JacobianPoint acc = new JacobianPoint();
        for (int i = k.bitLength() - 1; i >= 0; i--) {
            acc.doubleOf(acc, scratch);
            if (k.testBit(i)) {
                // alternate the two addition formulas so both are exercised
                if (i % 2 == 0) {
                    acc.add(acc, base, scratch);
                } else {
                    acc.addAffine(acc, base.x, base.y, false, scratch);
                }
            }
        }
        return acc;
    }

    private static JacobianPoint generator() {
        return fromBc(BC_G);
    }

    private static JacobianPoint linearCombination(BigInteger u1, BigInteger u2, ECPoint q) {
        ECPoint normal = q.normalize();
        return EcdsaVerifier.linearCombination(u1, u2, fe(normal.getAffineXCoord().toBigInteger()),
                fe(normal.getAffineYCoord().toBigInteger()));
    }

    @Test
    void smallAndEdgeMultiplesOfGMatchBouncyCastle() {
        for (BigInteger k : new BigInteger[] {BigInteger.ONE, BigInteger.TWO, BigInteger.valueOf(3),
            BigInteger.valueOf(127), BigInteger.valueOf(129), N.subtract(BigInteger.ONE), N.subtract(BigInteger.TWO),
            BigInteger.ONE.shiftLeft(128), BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE), N}) {
            ECPoint expected = BC_G.multiply(k);
            assertSamePoint(expected, doubleAndAdd(k, generator()), "double-and-add " + k);
            assertSamePoint(expected, linearCombination(k, BigInteger.ZERO, BC_G), "G tables " + k);
            assertSamePoint(expected, linearCombination(BigInteger.ZERO, k, BC_G), "Q tables " + k);
        }
    }

    @Test
    void nMinusOneTimesGIsMinusG() {
        JacobianPoint minusG = linearCombination(N.subtract(BigInteger.ONE), BigInteger.ZERO, BC_G);
        assertSamePoint(BC_G.negate(), minusG, "−G");
        JacobianPoint sum = new JacobianPoint().add(minusG, generator(), scratch);
        assertTrue(sum.infinity);
    }

    @Test
    void nTimesGIsInfinity() {
        assertTrue(doubleAndAdd(N, generator()).infinity);
        assertTrue(linearCombination(N, BigInteger.ZERO, BC_G).infinity);
        assertTrue(linearCombination(BigInteger.ZERO, N, BC_G).infinity);
        assertTrue(linearCombination(BigInteger.ONE, N.subtract(BigInteger.ONE), BC_G).infinity);
    }

    @Test
    void randomMultiplesAndCombinationsMatchBouncyCastle() {
        Random random = new Random(11);
        for (int i = 0; i < RANDOM_SCALARS; i++) {
            BigInteger k = new BigInteger(256, random).mod(N);
            BigInteger u1 = new BigInteger(256, random).mod(N);
            BigInteger u2 = new BigInteger(256, random).mod(N);
            ECPoint q = BC_G.multiply(new BigInteger(256, random).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE));
            if (i % 10 == 0) {
                assertSamePoint(BC_G.multiply(k), doubleAndAdd(k, generator()), "double-and-add " + k);
            }
            assertSamePoint(BC_G.multiply(u1).add(q.multiply(u2)), linearCombination(u1, u2, q), "u1·G + u2·Q " + i);
        }
    }

    @Test
    void addingAPointToItselfDoubles() {
        JacobianPoint g = generator();
        JacobianPoint threeG = linearCombination(BigInteger.valueOf(3), BigInteger.ZERO, BC_G);
        ECPoint sixG = BC_G.multiply(BigInteger.valueOf(6));
        assertSamePoint(sixG, new JacobianPoint().add(threeG, threeG, scratch), "3G + 3G, Jacobian");
        assertSamePoint(sixG, new JacobianPoint().doubleOf(threeG, scratch), "2·3G");
        FieldElement x = new FieldElement();
        FieldElement y = new FieldElement();
        threeG.toAffine(x, y);
        assertSamePoint(sixG, new JacobianPoint().addAffine(threeG, x, y, false, scratch), "3G + 3G, mixed");
        assertSamePoint(BC_G.twice(), new JacobianPoint().addAffine(g, g.x, g.y, false, scratch), "G + G, mixed");
        // in place
        JacobianPoint acc = new JacobianPoint().set(threeG);
        acc.add(acc, threeG, scratch);
        assertSamePoint(sixG, acc, "in place");
    }

    @Test
    void addingAPointToItsNegationGivesInfinity() {
        JacobianPoint threeG = linearCombination(BigInteger.valueOf(3), BigInteger.ZERO, BC_G);
        JacobianPoint minusThreeG = new JacobianPoint().negate(threeG);
        assertTrue(new JacobianPoint().add(threeG, minusThreeG, scratch).infinity);
        FieldElement x = new FieldElement();
        FieldElement y = new FieldElement();
        threeG.toAffine(x, y);
        assertTrue(new JacobianPoint().addAffine(threeG, x, y, true, scratch).infinity);
        assertTrue(new JacobianPoint().add(threeG, threeG.x, threeG.y, threeG.z, false, true, scratch).infinity);
    }

    @Test
    void infinityIsTheIdentity() {
        JacobianPoint infinity = new JacobianPoint();
        JacobianPoint g = generator();
        assertSamePoint(BC_G, new JacobianPoint().add(infinity, g, scratch), "O + G");
        assertSamePoint(BC_G, new JacobianPoint().add(g, infinity, scratch), "G + O");
        assertSamePoint(BC_G, new JacobianPoint().addAffine(infinity, g.x, g.y, false, scratch), "O + G affine");
        assertSamePoint(BC_G.negate(), new JacobianPoint().addAffine(infinity, g.x, g.y, true, scratch), "O − G");
        assertTrue(new JacobianPoint().doubleOf(infinity, scratch).infinity);
        assertTrue(new JacobianPoint().add(infinity, infinity, scratch).infinity);
    }

    @Test
    void batchAffineConversionMatchesOneByOne() {
        Random random = new Random(13);
        JacobianPoint[] points = new JacobianPoint[9];
        FieldElement[] xs = new FieldElement[points.length];
        FieldElement[] ys = new FieldElement[points.length];
        for (int i = 0; i < points.length; i++) {
            BigInteger k = new BigInteger(256, random).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
            points[i] = linearCombination(k, BigInteger.ZERO, BC_G);
            xs[i] = new FieldElement();
            ys[i] = new FieldElement();
        }
        JacobianPoint.toAffine(points, xs, ys);
        for (int i = 0; i < points.length; i++) {
            FieldElement x = new FieldElement();
            FieldElement y = new FieldElement();
            points[i].toAffine(x, y);
            assertEquals(x.toBigInteger(), xs[i].toBigInteger());
            assertEquals(y.toBigInteger(), ys[i].toBigInteger());
        }
    }

    @Test
    void lambdaTimesAPointMultipliesXByBeta() {
        ECPoint lambdaG = BC_G.multiply(EcdsaVerifier.LAMBDA).normalize();
        assertEquals(new FieldElement().mul(generator().x, EcdsaVerifier.BETA).toBigInteger(),
                lambdaG.getAffineXCoord().toBigInteger());
        assertEquals(BC_G.normalize().getAffineYCoord().toBigInteger(), lambdaG.getAffineYCoord().toBigInteger());
    }

    @Test
    void glvBasisVectorsLieInTheLattice() {
        assertEquals(BigInteger.ZERO, EcdsaVerifier.A1.add(EcdsaVerifier.B1.multiply(EcdsaVerifier.LAMBDA)).mod(N));
        assertEquals(BigInteger.ZERO, EcdsaVerifier.A2.add(EcdsaVerifier.B2.multiply(EcdsaVerifier.LAMBDA)).mod(N));
    }

    @Test
    void wnafDigitsSumToTheScalar() {
        Random random = new Random(12);
        for (int w = 2; w <= 9; w++) {
            for (int i = 0; i < 300; i++) {
                BigInteger k = i == 0 ? BigInteger.ZERO : i == 1 ? N.subtract(BigInteger.ONE)
                        : i == 2 ? BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE)
                        : new BigInteger(1 + random.nextInt(256), random);
                int[] digits = EcdsaVerifier.digits(k, w);
                BigInteger sum = BigInteger.ZERO;
                int lastNonZero = -w;
                for (int j = 0; j < digits.length; j++) {
                    int d = digits[j];
                    if (d != 0) {
                        assertTrue((d & 1) != 0 && Math.abs(d) < (1 << (w - 1)), "digit " + d);
                        assertTrue(j - lastNonZero >= w, "spacing");
                        lastNonZero = j;
                    }
                    sum = sum.add(BigInteger.valueOf(d).shiftLeft(j));
                }
                assertEquals(k, sum);
            }
        }
    }
}
