package minicoin.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Differential tests of the 5×52-bit field against BigInteger arithmetic mod p. */
class FieldElementTest {

    static final BigInteger P = BigInteger.ONE.shiftLeft(256)
            .subtract(BigInteger.ONE.shiftLeft(32)).subtract(BigInteger.valueOf(977));
    private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);
    private static final int RANDOM_VALUES = 3000;

    /** Edge values plus seeded random ones, all below p. */
    static List<BigInteger> samples(long seed) {
        List<BigInteger> values = new ArrayList<>();
        BigInteger two255 = BigInteger.ONE.shiftLeft(255);
        BigInteger c = BigInteger.ONE.shiftLeft(32).add(BigInteger.valueOf(977));
        for (BigInteger v : new BigInteger[] {
            BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO, BigInteger.valueOf(7),
            P.subtract(BigInteger.ONE), P.subtract(BigInteger.TWO), P.subtract(BigInteger.valueOf(3)),
            two255, two255.subtract(BigInteger.ONE), two255.add(BigInteger.ONE),
            c, c.subtract(BigInteger.ONE), c.add(BigInteger.ONE),
            TWO_256.subtract(c).subtract(BigInteger.ONE), // p − 1 written the other way
            BigInteger.ONE.shiftLeft(52), BigInteger.ONE.shiftLeft(52).subtract(BigInteger.ONE),
            BigInteger.ONE.shiftLeft(208), BigInteger.ONE.shiftLeft(208).subtract(BigInteger.ONE),
            BigInteger.ONE.shiftLeft(248).subtract(BigInteger.ONE), P.shiftRight(1),
        }) {
            values.add(v);
        }
        Random random = new Random(seed);
        for (int i = 0; i < RANDOM_VALUES; i++) {
            BigInteger v;
            switch (i % 4) {
                case 0 -> v = new BigInteger(256, random).mod(P);
                case 1 -> v = P.subtract(BigInteger.ONE).subtract(new BigInteger(40, random)); // just below p
                case 2 -> v = new BigInteger(1 + random.nextInt(256), random).mod(P); // every size
                default -> v = two255.add(new BigInteger(64, random)).subtract(BigInteger.ONE.shiftLeft(63));
            }
            values.add(v);
        }
        return values;
    }

    static FieldElement fe(BigInteger v) {
        FieldElement result = new FieldElement();
        assertTrue(result.setBytes(bytes32(v), 0), v.toString(16));
        return result;
    }

    static byte[] bytes32(BigInteger v) {
        byte[] out = new byte[32];
        byte[] raw = v.toByteArray();
        int length = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - length, out, 32 - length, length);
        return out;
    }

    @Test
    void bytesRoundTripForCanonicalValues() {
        for (BigInteger v : samples(1)) {
            assertArrayEquals(bytes32(v), fe(v).toBytes());
            assertEquals(v, fe(v).toBigInteger());
        }
    }

    @Test
    void rejectsEncodingsOfPAndAbove() {
        FieldElement target = new FieldElement();
        for (BigInteger v : new BigInteger[] {P, P.add(BigInteger.ONE), TWO_256.subtract(BigInteger.ONE),
            TWO_256.subtract(BigInteger.valueOf(977)), P.add(BigInteger.valueOf(1000))}) {
            assertFalse(target.setBytes(bytes32(v), 0), v.toString(16));
        }
        assertTrue(target.setBytes(bytes32(P.subtract(BigInteger.ONE)), 0));
    }

    @Test
    void addSubNegateMatchBigInteger() {
        List<BigInteger> values = samples(2);
        FieldElement out = new FieldElement();
        for (int i = 0; i < values.size(); i++) {
            BigInteger a = values.get(i);
            BigInteger b = values.get((i * 7 + 3) % values.size());
            assertEquals(a.add(b).mod(P), out.add(fe(a), fe(b)).toBigInteger());
            assertEquals(a.subtract(b).mod(P), out.sub(fe(a), fe(b)).toBigInteger());
            assertEquals(a.negate().mod(P), out.negate(fe(a)).toBigInteger());
            assertEquals(a.multiply(BigInteger.valueOf(8)).mod(P), out.mulSmall(fe(a), 8).toBigInteger());
            assertEquals(a.multiply(BigInteger.valueOf(3)).subtract(b.multiply(BigInteger.valueOf(8))).mod(P),
                    out.scaledSub(fe(a), 3, fe(b), 8).toBigInteger());
        }
    }

    @Test
    void mulAndSqrMatchBigInteger() {
        List<BigInteger> values = samples(3);
        FieldElement out = new FieldElement();
        for (int i = 0; i < values.size(); i++) {
            BigInteger a = values.get(i);
            for (BigInteger b : new BigInteger[] {values.get((i * 13 + 5) % values.size()), a,
                P.subtract(BigInteger.ONE), BigInteger.ZERO}) {
                assertEquals(a.multiply(b).mod(P), out.mul(fe(a), fe(b)).toBigInteger(), a + " * " + b);
            }
            assertEquals(a.multiply(a).mod(P), out.sqr(fe(a)).toBigInteger());
        }
    }

    /** Results of one operation feed the next unnormalised, as they do in the point formulas. */
    @Test
    void longChainsOfUnnormalisedResultsStayExact() {
        Random random = new Random(4);
        FieldElement x = fe(P.subtract(BigInteger.ONE));
        BigInteger expected = P.subtract(BigInteger.ONE);
        FieldElement operand = new FieldElement();
        for (int i = 0; i < 200_000; i++) {
            BigInteger b = random.nextInt(8) == 0 ? P.subtract(BigInteger.valueOf(random.nextInt(3) + 1))
                    : new BigInteger(256, random).mod(P);
            operand.setBytes(bytes32(b), 0);
            switch (random.nextInt(8)) {
                case 0 -> { x.add(x, operand); expected = expected.add(b); }
                case 1 -> { x.sub(x, operand); expected = expected.subtract(b); }
                case 2 -> { x.mul(x, operand); expected = expected.multiply(b); }
                case 3 -> { x.sqr(x); expected = expected.multiply(expected); }
                case 4 -> { x.negate(x); expected = expected.negate(); }
                case 5 -> { x.mulSmall(x, 3); expected = expected.multiply(BigInteger.valueOf(3)); }
                case 6 -> { x.scaledSub(x, 2, operand, 8); expected = expected.shiftLeft(1).subtract(b.shiftLeft(3)); }
                default -> { x.add(x, x); expected = expected.shiftLeft(1); }
            }
            expected = expected.mod(P);
            if (i % 97 == 0) {
                assertEquals(expected, new FieldElement().set(x).toBigInteger(), "step " + i);
            }
        }
        assertEquals(expected, x.toBigInteger());
    }

    /** Largest limbs the weak form allows: 0–3 below 2^53, 4 below 2^49. */
    private static final long WEAK_LIMB_BOUND = 1L << 53;
    private static final long WEAK_TOP_LIMB_BOUND = 1L << 49;

    /** An element with the given raw limbs, which need not be reduced in any way beyond the weak bounds. */
    private static FieldElement raw(long n0, long n1, long n2, long n3, long n4) {
        FieldElement e = new FieldElement();
        e.n0 = n0;
        e.n1 = n1;
        e.n2 = n2;
        e.n3 = n3;
        e.n4 = n4;
        return e;
    }

    private static BigInteger rawValue(FieldElement e) {
        long[] limbs = {e.n0, e.n1, e.n2, e.n3, e.n4};
        BigInteger value = BigInteger.ZERO;
        for (int i = limbs.length - 1; i >= 0; i--) {
            value = value.shiftLeft(52).add(BigInteger.valueOf(limbs[i]));
        }
        return value;
    }

    private static void assertWeak(FieldElement e, String what) {
        for (long limb : new long[] {e.n0, e.n1, e.n2, e.n3}) {
            assertTrue(limb >= 0 && limb < WEAK_LIMB_BOUND, what + ": limb " + Long.toHexString(limb));
        }
        assertTrue(e.n4 >= 0 && e.n4 < WEAK_TOP_LIMB_BOUND, what + ": top limb " + Long.toHexString(e.n4));
    }

    private static long extremeLimb(Random random, long bound) {
        return switch (random.nextInt(4)) {
            case 0 -> bound - 1;
            case 1 -> bound - 1 - random.nextInt(1 << 20);
            case 2 -> random.nextLong() & (bound - 1);
            default -> random.nextInt(3);
        };
    }

    /**
     * Inputs at the very edges of the weak form (not reachable from canonical values by random
     * chains) still give exact results, and every output is again in the weak form.
     */
    @Test
    void extremeWeakInputsGiveExactWeakOutputs() {
        Random random = new Random(8);
        FieldElement out = new FieldElement();
        for (int i = 0; i < 20_000; i++) {
            FieldElement a = raw(extremeLimb(random, WEAK_LIMB_BOUND), extremeLimb(random, WEAK_LIMB_BOUND),
                    extremeLimb(random, WEAK_LIMB_BOUND), extremeLimb(random, WEAK_LIMB_BOUND),
                    extremeLimb(random, WEAK_TOP_LIMB_BOUND));
            FieldElement b = raw(extremeLimb(random, WEAK_LIMB_BOUND), extremeLimb(random, WEAK_LIMB_BOUND),
                    extremeLimb(random, WEAK_LIMB_BOUND), extremeLimb(random, WEAK_LIMB_BOUND),
                    extremeLimb(random, WEAK_TOP_LIMB_BOUND));
            BigInteger va = rawValue(a);
            BigInteger vb = rawValue(b);
            out.mul(a, b);
            assertWeak(out, "mul");
            assertEquals(va.multiply(vb).mod(P), rawValue(out).mod(P), "mul");
            out.sqr(a);
            assertWeak(out, "sqr");
            assertEquals(va.multiply(va).mod(P), rawValue(out).mod(P), "sqr");
            out.add(a, b);
            assertWeak(out, "add");
            assertEquals(va.add(vb).mod(P), rawValue(out).mod(P), "add");
            out.sub(a, b);
            assertWeak(out, "sub");
            assertEquals(va.subtract(vb).mod(P), rawValue(out).mod(P), "sub");
            out.negate(a);
            assertWeak(out, "negate");
            assertEquals(va.negate().mod(P), rawValue(out).mod(P), "negate");
            out.mulSmall(a, FieldElement.MAX_SMALL_FACTOR);
            assertWeak(out, "mulSmall");
            assertEquals(va.multiply(BigInteger.valueOf(FieldElement.MAX_SMALL_FACTOR)).mod(P), rawValue(out).mod(P));
            int k = random.nextInt(FieldElement.MAX_SCALED_SUB_FACTOR + 1);
            int m = i % 3 == 0 ? FieldElement.MAX_SCALED_SUB_FACTOR : random.nextInt(FieldElement.MAX_SCALED_SUB_FACTOR + 1);
            out.scaledSub(a, k, b, m);
            assertWeak(out, "scaledSub");
            assertEquals(va.multiply(BigInteger.valueOf(k)).subtract(vb.multiply(BigInteger.valueOf(m))).mod(P),
                    rawValue(out).mod(P), "scaledSub");
            out.set(a).normalize();
            assertEquals(va.mod(P), rawValue(out), "normalize");
            assertEquals(va.mod(P).signum() == 0, new FieldElement().set(a).isZero());
        }
    }

    @Test
    void weakFormsOfZeroAreZero() {
        // p and 2p written as weak limbs
        BigInteger twoP = P.shiftLeft(1);
        for (BigInteger v : new BigInteger[] {P, twoP}) {
            long[] limbs = new long[5];
            BigInteger rest = v;
            for (int i = 0; i < 4; i++) {
                limbs[i] = rest.longValue() & ((1L << 52) - 1);
                rest = rest.shiftRight(52);
            }
            limbs[4] = rest.longValueExact();
            FieldElement e = raw(limbs[0], limbs[1], limbs[2], limbs[3], limbs[4]);
            assertTrue(e.isZero(), v.toString(16));
        }
    }

    @Test
    void inverseMatchesBigInteger() {
        List<BigInteger> values = samples(5).subList(0, 600);
        FieldElement out = new FieldElement();
        for (BigInteger a : values) {
            BigInteger expected = a.signum() == 0 ? BigInteger.ZERO : a.modInverse(P);
            assertEquals(expected, out.invert(fe(a)).toBigInteger(), a.toString(16));
        }
    }

    @Test
    void variableTimeInverseMatchesBigInteger() {
        FieldElement out = new FieldElement();
        for (BigInteger a : samples(7)) {
            if (a.signum() == 0) {
                continue;
            }
            assertEquals(a.modInverse(P), out.invertVariableTime(fe(a)).toBigInteger(), a.toString(16));
        }
        // an unnormalised input (p + 1 in weak form) is still 1
        FieldElement weakOne = new FieldElement().add(fe(P.subtract(BigInteger.ONE)), fe(BigInteger.TWO));
        assertEquals(BigInteger.ONE, out.invertVariableTime(weakOne).toBigInteger());
    }

    @Test
    void sqrtFindsRootsOfResiduesAndRejectsNonResidues() {
        List<BigInteger> values = samples(6).subList(0, 600);
        BigInteger exponent = P.add(BigInteger.ONE).shiftRight(2);
        int residues = 0;
        int nonResidues = 0;
        FieldElement root = new FieldElement();
        for (BigInteger a : values) {
            BigInteger candidate = a.modPow(exponent, P);
            boolean isResidue = candidate.multiply(candidate).mod(P).equals(a);
            FieldElement input = fe(a);
            assertEquals(isResidue, root.sqrt(input), a.toString(16));
            assertEquals(a, input.toBigInteger(), "input untouched");
            if (isResidue) {
                residues++;
                assertEquals(candidate, root.toBigInteger());
                // squares of random values are residues by construction
                BigInteger square = a.multiply(a).mod(P);
                assertTrue(root.sqrt(fe(square)));
                assertEquals(square, root.sqr(root).toBigInteger());
            } else {
                nonResidues++;
            }
        }
        assertTrue(residues > 100 && nonResidues > 100, residues + " / " + nonResidues);
    }

    @Test
    void sqrtWorksInPlace() {
        FieldElement x = fe(BigInteger.valueOf(16));
        assertTrue(x.sqrt(x));
        BigInteger root = x.toBigInteger();
        assertTrue(root.equals(BigInteger.valueOf(4)) || root.equals(P.subtract(BigInteger.valueOf(4))));
    }

    @Test
    void zeroTestsSeeMultiplesOfP() {
        FieldElement a = fe(P.subtract(BigInteger.ONE));
        FieldElement sum = new FieldElement().add(a, fe(BigInteger.ONE));
        assertTrue(sum.isZero());
        assertFalse(fe(BigInteger.ONE).isZero());
        assertTrue(new FieldElement().sub(a, a).isZero());
        assertTrue(new FieldElement().negate(fe(BigInteger.ZERO)).isZero());
    }

    @Test
    void valueEqualsComparesModP() {
        FieldElement a = new FieldElement().add(fe(P.subtract(BigInteger.ONE)), fe(BigInteger.TWO));
        assertTrue(a.valueEquals(fe(BigInteger.ONE)));
        assertFalse(a.valueEquals(fe(BigInteger.TWO)));
        assertTrue(fe(BigInteger.ONE).isOdd());
        assertFalse(fe(P.subtract(BigInteger.ONE)).isOdd());
    }
}
