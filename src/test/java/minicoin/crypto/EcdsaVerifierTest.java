package minicoin.crypto;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

/** EcdsaVerifier against Bouncy Castle's signer and verifier on the same inputs. */
class EcdsaVerifierTest {

    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(CURVE);
    private static final BigInteger N = CURVE.getN();
    private static final BigInteger P = FieldElementTest.P;
    private static final int SIGNED_PAIRS = 2000;

    /** A Bouncy Castle signature, low S, with the key and message that produced it. */
    record Signed(byte[] key, ECPoint point, byte[] hash, BigInteger r, BigInteger s) {
    }

    static Signed sign(Random random) {
        BigInteger d = new BigInteger(256, random).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
        byte[] hash = new byte[32];
        random.nextBytes(hash);
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(d, DOMAIN));
        BigInteger[] rs = signer.generateSignature(hash);
        BigInteger s = rs[1].compareTo(N.shiftRight(1)) > 0 ? N.subtract(rs[1]) : rs[1];
        ECPoint point = CURVE.getG().multiply(d).normalize();
        return new Signed(point.getEncoded(true), point, hash, rs[0], s);
    }

    private static boolean bouncyCastleVerifies(ECPoint point, byte[] hash, BigInteger r, BigInteger s) {
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, new ECPublicKeyParameters(point, DOMAIN));
        return verifier.verifySignature(hash, r, s);
    }

    private static void assertAgreesWithBouncyCastle(ECPoint point, byte[] hash, BigInteger r, BigInteger s,
                                                     String what) {
        boolean expected = bouncyCastleVerifies(point, hash, r, s);
        assertEquals(expected, EcdsaVerifier.verify(point.getEncoded(true), hash, r, s), what);
    }

    @Test
    void acceptsEverySignatureBouncyCastleMakesAndAgreesOnEveryTamperedOne() {
        Random random = new Random(21);
        Signed previous = sign(random);
        for (int i = 0; i < SIGNED_PAIRS; i++) {
            Signed sig = sign(random);
            assertTrue(EcdsaVerifier.verify(sig.key(), sig.hash(), sig.r(), sig.s()), "pair " + i);

            byte[] otherHash = sig.hash().clone();
            otherHash[random.nextInt(32)] ^= (byte) (1 << random.nextInt(8));
            assertAgreesWithBouncyCastle(sig.point(), otherHash, sig.r(), sig.s(), "wrong message " + i);
            assertFalse(EcdsaVerifier.verify(sig.key(), otherHash, sig.r(), sig.s()));

            assertAgreesWithBouncyCastle(previous.point(), sig.hash(), sig.r(), sig.s(), "wrong key " + i);
            assertFalse(EcdsaVerifier.verify(previous.key(), sig.hash(), sig.r(), sig.s()));

            BigInteger rPlusOne = sig.r().add(BigInteger.ONE).mod(N);
            assertAgreesWithBouncyCastle(sig.point(), sig.hash(), rPlusOne, sig.s(), "r + 1 " + i);
            BigInteger sPlusOne = sig.s().add(BigInteger.ONE);
            assertAgreesWithBouncyCastle(sig.point(), sig.hash(), sig.r(), sPlusOne, "s + 1 " + i);
            assertFalse(EcdsaVerifier.verify(sig.key(), sig.hash(), sig.r(), sPlusOne));

            // (r, n − s) is the malleated twin: mathematically valid; Signatures' low-S rule rejects it.
            BigInteger highS = N.subtract(sig.s());
            assertAgreesWithBouncyCastle(sig.point(), sig.hash(), sig.r(), highS, "n − s " + i);
            assertTrue(EcdsaVerifier.verify(sig.key(), sig.hash(), sig.r(), highS), "n − s " + i);
            previous = sig;
        }
    }

    /** The static tables are shared by every thread; nothing may write to them during verification. */
    @Test
    void verifiesConcurrentlyFromSeveralThreads() throws Exception {
        Random random = new Random(28);
        Signed[] ring = new Signed[64];
        for (int i = 0; i < ring.length; i++) {
            ring[i] = sign(random);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int task = 0; task < 4; task++) {
                int offset = task;
                results.add(pool.submit(() -> {
                    int failures = 0;
                    for (int round = 0; round < 5; round++) {
                        for (int i = 0; i < ring.length; i++) {
                            Signed sig = ring[(i + offset * 16) % ring.length];
                            if (!EcdsaVerifier.verify(sig.key(), sig.hash(), sig.r(), sig.s())) {
                                failures++;
                            }
                            if (EcdsaVerifier.verify(sig.key(), sig.hash(), sig.r(), sig.s().add(BigInteger.ONE))) {
                                failures++;
                            }
                        }
                    }
                    return failures;
                }));
            }
            for (Future<Integer> result : results) {
                assertEquals(0, result.get(1, TimeUnit.MINUTES));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsTheKeyWithTheOtherParity() {
        Random random = new Random(22);
        for (int i = 0; i < 50; i++) {
            Signed sig = sign(random);
            byte[] flipped = sig.key().clone();
            flipped[0] ^= 1;
            assertFalse(EcdsaVerifier.verify(flipped, sig.hash(), sig.r(), sig.s()));
            assertEquals(bouncyCastleVerifies(sig.point().negate(), sig.hash(), sig.r(), sig.s()),
                    EcdsaVerifier.verify(flipped, sig.hash(), sig.r(), sig.s()));
        }
    }

    @Test
    void rejectsKeysWhoseXIsNotOnTheCurve() {
        Signed sig = sign(new Random(23));
        int offCurve = 0;
        for (int x = 0; offCurve < 20; x++) {
            BigInteger bx = BigInteger.valueOf(x).add(BigInteger.ONE.shiftLeft(255));
            if (isXOnCurve(bx)) {
                continue;
            }
            offCurve++;
            for (byte prefix : new byte[] {2, 3}) {
                byte[] key = key(prefix, bx);
                assertFalse(EcdsaVerifier.verify(key, sig.hash(), sig.r(), sig.s()));
                assertFalse(EcdsaVerifier.decompress(key, new FieldElement(), new FieldElement()));
            }
        }
    }

    @Test
    void rejectsXAtOrAboveP() {
        Signed sig = sign(new Random(24));
        for (BigInteger x : new BigInteger[] {P, P.add(BigInteger.ONE), P.add(BigInteger.valueOf(7)),
            BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE)}) {
            for (byte prefix : new byte[] {2, 3}) {
                assertFalse(EcdsaVerifier.verify(key(prefix, x), sig.hash(), sig.r(), sig.s()), x.toString(16));
            }
        }
        // x = p + x0 for an on-curve x0 would decode to the same point if reduced; it must not be.
        BigInteger onCurve = sig.point().getAffineXCoord().toBigInteger();
        if (onCurve.compareTo(BigInteger.ONE.shiftLeft(256).subtract(P)) < 0) {
            assertFalse(EcdsaVerifier.verify(key(sig.key()[0], onCurve.add(P)), sig.hash(), sig.r(), sig.s()));
        }
    }

    @Test
    void rejectsWrongPrefixesAndLengths() {
        Signed sig = sign(new Random(25));
        for (int prefix : new int[] {0x00, 0x01, 0x04, 0x05, 0x06, 0x07, 0x82, 0x83, 0xFF}) {
            byte[] key = sig.key().clone();
            key[0] = (byte) prefix;
            assertFalse(EcdsaVerifier.verify(key, sig.hash(), sig.r(), sig.s()), "prefix " + prefix);
        }
        for (int length : new int[] {0, 1, 32, 34, 65}) {
            assertFalse(EcdsaVerifier.verify(Arrays.copyOf(sig.key(), length), sig.hash(), sig.r(), sig.s()));
        }
        byte[] uncompressed = sig.point().getEncoded(false);
        assertFalse(EcdsaVerifier.verify(uncompressed, sig.hash(), sig.r(), sig.s()));
        for (int length : new int[] {0, 31, 33, 64}) {
            assertFalse(EcdsaVerifier.verify(sig.key(), Arrays.copyOf(sig.hash(), length), sig.r(), sig.s()));
        }
    }

    @Test
    void rejectsOutOfRangeScalarsAndNulls() {
        Signed sig = sign(new Random(26));
        for (BigInteger bad : new BigInteger[] {null, BigInteger.ZERO, BigInteger.ONE.negate(), N,
            N.add(sig.r()), sig.r().negate(), BigInteger.ONE.shiftLeft(300)}) {
            assertFalse(EcdsaVerifier.verify(sig.key(), sig.hash(), bad, sig.s()));
            assertFalse(EcdsaVerifier.verify(sig.key(), sig.hash(), sig.r(), bad));
        }
        assertFalse(EcdsaVerifier.verify(null, sig.hash(), sig.r(), sig.s()));
        assertFalse(EcdsaVerifier.verify(sig.key(), null, sig.r(), sig.s()));
        assertFalse(EcdsaVerifier.verify(null, null, null, null));
    }

    /**
     * R's x coordinate can lie in [n, p); r is then x − n. Built by taking Q = R itself, a zero hash
     * (mod n) and s = r, so that u1 = 0 and u2 = 1.
     */
    @Test
    void acceptsRWhoseXWrapsPastN() {
        BigInteger x = N.add(BigInteger.ONE); // x = n is on the curve too, but would make r = 0
        while (!isXOnCurve(x)) {
            x = x.add(BigInteger.ONE);
        }
        assertTrue(x.compareTo(P) < 0);
        byte[] key = key((byte) 2, x);
        BigInteger r = x.subtract(N);
        byte[] hashOfN = FieldElementTest.bytes32(N);
        ECPoint point = CURVE.getCurve().decodePoint(key);
        assertTrue(EcdsaVerifier.verify(key, hashOfN, r, r));
        assertTrue(bouncyCastleVerifies(point, hashOfN, r, r));
        assertFalse(EcdsaVerifier.verify(key, hashOfN, r.add(BigInteger.ONE), r.add(BigInteger.ONE)));
        // the other parity is −R, whose x is the same: also valid, as ECDSA cannot see y
        key[0] = 3;
        assertEquals(bouncyCastleVerifies(point.negate(), hashOfN, r, r), EcdsaVerifier.verify(key, hashOfN, r, r));
    }

    @Test
    void randomGarbageIsRejectedWithoutThrowing() {
        Random random = new Random(27);
        Signed sig = sign(random);
        for (int i = 0; i < 2000; i++) {
            byte[] key = new byte[random.nextInt(8) == 0 ? random.nextInt(70) : 33];
            random.nextBytes(key);
            if (key.length == 33 && random.nextBoolean()) {
                key[0] = (byte) (2 + random.nextInt(2));
            }
            byte[] hash = new byte[random.nextInt(8) == 0 ? random.nextInt(70) : 32];
            random.nextBytes(hash);
            BigInteger r = randomScalar(random);
            BigInteger s = randomScalar(random);
            boolean result = assertDoesNotThrow(() -> EcdsaVerifier.verify(key, hash, r, s));
            assertFalse(result, "case " + i);
            assertFalse(assertDoesNotThrow(() -> EcdsaVerifier.verify(sig.key(), sig.hash(), r, s)));
        }
    }

    private static BigInteger randomScalar(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> null;
            case 1 -> BigInteger.valueOf(random.nextInt(5) - 2);
            case 2 -> new BigInteger(300, random);
            case 3 -> new BigInteger(256, random).negate();
            default -> new BigInteger(256, random);
        };
    }

    private static boolean isXOnCurve(BigInteger x) {
        BigInteger rhs = x.pow(3).add(BigInteger.valueOf(7)).mod(P);
        BigInteger root = rhs.modPow(P.add(BigInteger.ONE).shiftRight(2), P);
        return root.multiply(root).mod(P).equals(rhs);
    }

    private static byte[] key(byte prefix, BigInteger x) {
        byte[] key = new byte[33];
        key[0] = prefix;
        System.arraycopy(FieldElementTest.bytes32(x), 0, key, 1, 32);
        return key;
    }
}
