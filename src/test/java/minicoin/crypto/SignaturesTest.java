package minicoin.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SignaturesTest {

    private static final HexFormat HEX = HexFormat.of();

    private SecureRandom random;
    private PrivateKey key;
    private byte[] publicKey;
    private byte[] hash;
    private byte[] signature;

    @BeforeEach
    void signSomething() throws NoSuchAlgorithmException {
        random = seededRandom(7);
        key = PrivateKey.generate(random);
        publicKey = key.publicKey().toBytes();
        hash = Hashes.sha256("pay 1 coin to Bob".getBytes(StandardCharsets.UTF_8));
        signature = key.sign(hash);
    }

    @Test
    void verifiesSignaturesOfManyRandomKeysAndMessages() {
        for (int i = 0; i < 200; i++) {
            PrivateKey signer = PrivateKey.generate(random);
            byte[] message = new byte[32];
            random.nextBytes(message);
            byte[] sig = signer.sign(message);
            assertTrue(Signatures.isStrictDer(sig));
            assertTrue(Signatures.isLowS(sig));
            assertTrue(sig.length <= Signatures.MAX_DER_BYTES);
            assertTrue(Signatures.verify(signer.publicKey().toBytes(), message, sig));
            assertTrue(Signatures.verifyDecoded(signer.publicKey(), message, sig));
        }
    }

    /**
     * RFC 6979 (HMAC-SHA256) vectors for secp256k1, hash = SHA-256(message), low S: the set widely
     * used by python-ecdsa, bitcoinjs, Trezor and CoreBitcoin.
     */
    @Test
    void signsDeterministicallyMatchingPublishedRfc6979Vectors() {
        String[][] vectors = {
            {"0000000000000000000000000000000000000000000000000000000000000001", "Satoshi Nakamoto",
                "3045022100934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d8"
                    + "02202442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5"},
            {"0000000000000000000000000000000000000000000000000000000000000001",
                "All those moments will be lost in time, like tears in rain. Time to die...",
                "30450221008600dbd41e348fe5c9465ab92d23e3db8b98b873beecd930736488696438cb6b"
                    + "0220547fe64427496db33bf66019dacbf0039c04199abb0122918601db38a72cfc21"},
            {"fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140", "Satoshi Nakamoto",
                "3045022100fd567d121db66e382991534ada77a6bd3106f0a1098c231e47993447cd6af2d0"
                    + "02206b39cd0eb1bc8603e159ef5c20a5c8ad685a45b06ce9bebed3f153d10d93bed5"},
        };
        for (String[] vector : vectors) {
            PrivateKey signer = PrivateKey.fromBytes(HEX.parseHex(vector[0]));
            byte[] message = Hashes.sha256(vector[1].getBytes(StandardCharsets.US_ASCII));
            byte[] sig = signer.sign(message);
            assertEquals(vector[2], HEX.formatHex(sig), vector[1]);
            assertTrue(Signatures.verify(signer.publicKey().toBytes(), message, sig));
        }
    }

    @Test
    void sameKeyAndHashGiveSameBytes() {
        assertArrayEquals(signature, key.sign(hash));
        assertArrayEquals(signature, PrivateKey.fromBytes(key.toBytes()).sign(hash));
        byte[] otherHash = hash.clone();
        otherHash[0] ^= 1;
        assertFalse(Arrays.equals(signature, key.sign(otherHash)));
    }

    @Test
    void rejectsHighS() {
        BigInteger r = Signatures.r(signature);
        BigInteger highS = Secp256k1.N.subtract(Signatures.s(signature));
        byte[] twin = Signatures.encodeDer(r, highS);
        assertTrue(Signatures.isStrictDer(twin));
        assertFalse(Signatures.isLowS(twin));
        assertTrue(mathematicallyValid(key.publicKey(), hash, r, highS), "the twin is a valid ECDSA signature");
        assertFalse(Signatures.verify(publicKey, hash, twin));
    }

    @Test
    void rejectsEverySingleByteMutation() {
        for (int position = 0; position < signature.length; position++) {
            for (int value = 0; value < 256; value++) {
                if ((byte) value == signature[position]) {
                    continue;
                }
                byte[] mutated = signature.clone();
                mutated[position] = (byte) value;
                assertFalse(Signatures.verify(publicKey, hash, mutated), "byte " + position + " = " + value);
            }
        }
    }

    @Test
    void rejectsNeedlessZeroPaddingOnR() {
        byte[] sig = signatureWhoseRHasNoHighBit();
        BigInteger r = Signatures.r(sig);
        BigInteger s = Signatures.s(sig);
        byte[] padded = derOf(prepend((byte) 0, r.toByteArray()), s.toByteArray());
        assertFalse(Signatures.isStrictDer(padded));
        assertTrue(mathematicallyValid(key.publicKey(), hash, r, s));
        assertFalse(Signatures.verify(publicKey, hash, padded));
        byte[] paddedS = derOf(r.toByteArray(), prepend((byte) 0, s.toByteArray()));
        assertFalse(Signatures.verify(publicKey, hash, paddedS));
    }

    @Test
    void rejectsNegativeR() {
        byte[] sig = signatureWhoseRHasHighBit();
        byte[] rBytes = Signatures.r(sig).toByteArray();
        byte[] negative = derOf(Arrays.copyOfRange(rBytes, 1, rBytes.length), Signatures.s(sig).toByteArray());
        assertFalse(Signatures.isStrictDer(negative));
        assertFalse(Signatures.verify(publicKey, hash, negative));
    }

    @Test
    void rejectsWrongTotalLength() {
        for (int delta : new int[] {-1, 1}) {
            byte[] wrong = signature.clone();
            wrong[1] = (byte) (wrong[1] + delta);
            assertFalse(Signatures.verify(publicKey, hash, wrong));
        }
    }

    @Test
    void rejectsTrailingBytesIncludingASighashByte() {
        assertFalse(Signatures.verify(publicKey, hash, Arrays.copyOf(signature, signature.length + 1)));
        byte[] withSighashAll = Arrays.copyOf(signature, signature.length + 1);
        withSighashAll[signature.length] = 0x01;
        assertFalse(Signatures.verify(publicKey, hash, withSighashAll));
    }

    @Test
    void rejectsZeroAndOutOfRangeRAndS() {
        BigInteger r = Signatures.r(signature);
        BigInteger s = Signatures.s(signature);
        for (byte[] sig : new byte[][] {
            Signatures.encodeDer(BigInteger.ZERO, s),
            Signatures.encodeDer(r, BigInteger.ZERO),
            Signatures.encodeDer(Secp256k1.N, s),
            Signatures.encodeDer(r.add(Secp256k1.N), s),
            Signatures.encodeDer(r, Secp256k1.N),
        }) {
            assertTrue(Signatures.isStrictDer(sig), HEX.formatHex(sig));
            assertFalse(Signatures.verify(publicKey, hash, sig), HEX.formatHex(sig));
        }
    }

    @Test
    void rejectsSignatureByAnotherKey() {
        byte[] otherKey = PrivateKey.generate(random).publicKey().toBytes();
        assertFalse(Signatures.verify(otherKey, hash, signature));
    }

    @Test
    void rejectsSignatureOverAnotherMessage() {
        byte[] otherHash = hash.clone();
        otherHash[31] ^= 1;
        assertFalse(Signatures.verify(publicKey, otherHash, signature));
    }

    @Test
    void rejectsHashThatIsNot32Bytes() {
        assertFalse(Signatures.verify(publicKey, Arrays.copyOf(hash, 31), signature));
        assertFalse(Signatures.verify(publicKey, Arrays.copyOf(hash, 33), signature));
    }

    @Test
    void returnsFalseForNullEmptyAndTruncatedInputs() {
        assertFalse(Signatures.verify(null, hash, signature));
        assertFalse(Signatures.verify(publicKey, null, signature));
        assertFalse(Signatures.verify(publicKey, hash, null));
        assertFalse(Signatures.verify(null, null, null));
        assertFalse(Signatures.verify(new byte[0], new byte[0], new byte[0]));
        assertFalse(Signatures.verifyDecoded(null, hash, signature));
        assertFalse(Signatures.isStrictDer(null));
        assertFalse(Signatures.isLowS(null));
        for (int length = 0; length < signature.length; length++) {
            assertFalse(Signatures.verify(publicKey, hash, Arrays.copyOf(signature, length)));
        }
        for (int length = 0; length < publicKey.length; length++) {
            assertFalse(Signatures.verify(Arrays.copyOf(publicKey, length), hash, signature));
        }
    }

    @Test
    void rejectsUncompressedAndHybridPublicKeys() {
        byte[] uncompressed = key.publicKey().point().getEncoded(false);
        assertTrue(mathematicallyValid(key.publicKey(), hash, Signatures.r(signature), Signatures.s(signature)));
        assertFalse(Signatures.verify(uncompressed, hash, signature));
        byte[] hybrid = uncompressed.clone();
        hybrid[0] = (byte) (0x06 | (uncompressed[64] & 1));
        assertFalse(Signatures.verify(hybrid, hash, signature));
    }

    @Test
    void rejectsPublicKeyOffTheCurve() {
        assertFalse(Signatures.verify(PublicKeyTest.offCurveKey(), hash, signature));
        byte[] xAboveP = new byte[PublicKey.COMPRESSED_BYTES];
        Arrays.fill(xAboveP, (byte) 0xff);
        xAboveP[0] = 0x03;
        assertFalse(Signatures.verify(xAboveP, hash, signature));
    }

    @Test
    void rejectsRandomGarbageWithoutThrowing() {
        Random garbage = new Random(20240601L);
        for (int i = 0; i < 5000; i++) {
            byte[] sig = randomBytes(garbage, garbage.nextInt(Signatures.MAX_DER_BYTES + 10));
            byte[] key = i % 3 == 0 ? publicKey : randomBytes(garbage, garbage.nextInt(70));
            if (i % 5 == 0 && key.length > 0) {
                key[0] = (byte) (0x02 + garbage.nextInt(2));
            }
            byte[] message = i % 2 == 0 ? hash : randomBytes(garbage, garbage.nextInt(40));
            assertFalse(assertDoesNotThrow(() -> Signatures.verify(key, message, sig)), "case " + i);
            assertDoesNotThrow(() -> Signatures.isLowS(sig));
        }
    }

    @Test
    void rejectsRandomWellFormedSignaturesWithoutThrowing() {
        Random garbage = new Random(6979L);
        for (int i = 0; i < 300; i++) {
            BigInteger r = new BigInteger(256, garbage);
            BigInteger s = new BigInteger(255, garbage);
            byte[] sig = Signatures.encodeDer(r.max(BigInteger.ONE), s.max(BigInteger.ONE));
            assertTrue(Signatures.isStrictDer(sig));
            byte[] key = randomBytes(garbage, PublicKey.COMPRESSED_BYTES);
            key[0] = (byte) (0x02 + garbage.nextInt(2));
            assertFalse(assertDoesNotThrow(() -> Signatures.verify(key, hash, sig)));
            assertFalse(Signatures.verify(publicKey, hash, sig));
        }
    }

    @Test
    void strictDerAcceptsSmallestAndRejectsOversizedEncodings() {
        byte[] smallest = {0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01};
        assertTrue(Signatures.isStrictDer(smallest));
        byte[] biggest = derOf(prepend((byte) 0, BigIntegers.asUnsignedByteArray(32, Secp256k1.HALF_N.setBit(255))),
                prepend((byte) 0, BigIntegers.asUnsignedByteArray(32, BigInteger.ONE.shiftLeft(255))));
        assertEquals(Signatures.MAX_DER_BYTES, biggest.length);
        assertTrue(Signatures.isStrictDer(biggest));
        byte[] tooBig = derOf(prepend((byte) 0, biggest), new byte[] {1});
        assertFalse(Signatures.isStrictDer(tooBig));
        byte[] zeroLengthR = {0x30, 0x05, 0x02, 0x00, 0x02, 0x01, 0x01, 0x00};
        assertFalse(Signatures.isStrictDer(zeroLengthR));
        byte[] wrongSequenceTag = smallest.clone();
        wrongSequenceTag[0] = 0x31;
        assertFalse(Signatures.isStrictDer(wrongSequenceTag));
        byte[] wrongIntegerTag = smallest.clone();
        wrongIntegerTag[5] = 0x03;
        assertFalse(Signatures.isStrictDer(wrongIntegerTag));
    }

    private byte[] signatureWhoseRHasNoHighBit() {
        return signatureWhere(false);
    }

    private byte[] signatureWhoseRHasHighBit() {
        return signatureWhere(true);
    }

    /** Signs successive hashes under {@link #key} until r's top bit is as asked; leaves {@link #hash} set to the one used. */
    private byte[] signatureWhere(boolean rHighBit) {
        for (int i = 0; ; i++) {
            byte[] candidate = Hashes.sha256(new byte[] {(byte) i, (byte) (i >> 8)});
            byte[] sig = key.sign(candidate);
            if (Signatures.r(sig).bitLength() == 256 == rHighBit) {
                hash = candidate;
                return sig;
            }
        }
    }

    private static boolean mathematicallyValid(PublicKey key, byte[] hash, BigInteger r, BigInteger s) {
        ECDSASigner plain = new ECDSASigner();
        plain.init(false, new ECPublicKeyParameters(key.point(), Secp256k1.DOMAIN));
        return plain.verifySignature(hash, r, s);
    }

    /** DER of two integer encodings taken as given, so tests can build non-minimal ones. */
    private static byte[] derOf(byte[] r, byte[] s) {
        byte[] der = new byte[6 + r.length + s.length];
        der[0] = 0x30;
        der[1] = (byte) (der.length - 2);
        der[2] = 0x02;
        der[3] = (byte) r.length;
        System.arraycopy(r, 0, der, 4, r.length);
        der[4 + r.length] = 0x02;
        der[5 + r.length] = (byte) s.length;
        System.arraycopy(s, 0, der, 6 + r.length, s.length);
        return der;
    }

    private static byte[] prepend(byte first, byte[] rest) {
        byte[] out = new byte[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static SecureRandom seededRandom(long seed) throws NoSuchAlgorithmException {
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(seed); // seeded before first use, so runs are repeatable
        return seeded;
    }
}
