package minicoin.crypto;

import java.math.BigInteger;

/**
 * ECDSA verification with Bitcoin's consensus-strict rules: strict DER (BIP 66, without the
 * sighash byte), low S (BIP 62), compressed public keys only, 32-byte hashes only.
 */
public final class Signatures {

    /** Largest strict-DER signature: 2 × (a 33-byte integer + its 2-byte tag and length) + the 2-byte header. */
    public static final int MAX_DER_BYTES = 72;
    /** Smallest: header 30 len, then 02 01 r and 02 01 s with one-byte integers. */
    static final int MIN_DER_BYTES = 8;

    private static final int SEQUENCE_TAG = 0x30;
    private static final int INTEGER_TAG = 0x02;
    /** Offset of r's length byte: after 30, total length, 02. */
    private static final int R_LENGTH_OFFSET = 3;

    private Signatures() {
    }

    /**
     * True only when {@code derSignature} is a strict-DER, low-S signature of {@code hash32} by the
     * compressed key {@code publicKey}. Never throws: any malformed input is simply false.
     */
    public static boolean verify(byte[] publicKey, byte[] hash32, byte[] derSignature) {
        if (!PublicKey.hasCompressedShape(publicKey)) {
            return false;
        }
        if (!isWellFormed(hash32, derSignature)) {
            return false;
        }
        return verifyPoint(publicKey, hash32, derSignature);
    }

    /**
     * The same check for a parsed key. EcdsaVerifier decompresses the key again (a square root, under
     * a tenth of the cost), which is still far cheaper than Bouncy Castle's arithmetic on the decoded point.
     */
    static boolean verifyDecoded(PublicKey publicKey, byte[] hash32, byte[] derSignature) {
        return publicKey != null && isWellFormed(hash32, derSignature)
                && verifyPoint(publicKey.toBytes(), hash32, derSignature);
    }

    private static boolean isWellFormed(byte[] hash32, byte[] derSignature) {
        return hash32 != null && hash32.length == Hashes.SHA256_BYTES && isStrictDer(derSignature);
    }

    /** Runs the curve arithmetic for a strict-DER signature; range and low-S checks come first because they are cheap. */
    private static boolean verifyPoint(byte[] compressedKey, byte[] hash32, byte[] der) {
        BigInteger r = r(der);
        BigInteger s = s(der);
        if (!Secp256k1.isInRange(r) || s.signum() <= 0 || s.compareTo(Secp256k1.HALF_N) > 0) {
            return false;
        }
        // Our own field and point arithmetic: about twice Bouncy Castle's speed, which allocates per field operation.
        return EcdsaVerifier.verify(compressedKey, hash32, r, s);
    }

    /**
     * Bitcoin Core's IsValidSignatureEncoding without the trailing sighash byte:
     * {@code 30 len 02 rlen r 02 slen s}, lengths consistent and exhaustive, r and s positive and
     * minimally encoded.
     */
    public static boolean isStrictDer(byte[] sig) {
        if (sig == null || sig.length < MIN_DER_BYTES || sig.length > MAX_DER_BYTES) {
            return false;
        }
        if ((sig[0] & 0xff) != SEQUENCE_TAG || (sig[1] & 0xff) != sig.length - 2) {
            return false;
        }
        int lenR = sig[R_LENGTH_OFFSET] & 0xff;
        if (5 + lenR >= sig.length) {
            return false;
        }
        int lenS = sig[5 + lenR] & 0xff;
        if (lenR + lenS + 6 != sig.length) {
            return false;
        }
        if ((sig[2] & 0xff) != INTEGER_TAG || lenR == 0) {
            return false;
        }
        if ((sig[4] & 0x80) != 0) {
            return false; // negative r
        }
        if (lenR > 1 && sig[4] == 0 && (sig[5] & 0x80) == 0) {
            return false; // needless leading zero on r
        }
        if ((sig[lenR + 4] & 0xff) != INTEGER_TAG || lenS == 0) {
            return false;
        }
        if ((sig[lenR + 6] & 0x80) != 0) {
            return false; // negative s
        }
        return !(lenS > 1 && sig[lenR + 6] == 0 && (sig[lenR + 7] & 0x80) == 0); // needless leading zero on s
    }

    /** True when the signature is strict DER and its S is at most n/2 (BIP 62). */
    public static boolean isLowS(byte[] derSignature) {
        return isStrictDer(derSignature) && s(derSignature).compareTo(Secp256k1.HALF_N) <= 0;
    }

    /** DER for a positive r and s; BigInteger's two's-complement bytes are already minimal. */
    static byte[] encodeDer(BigInteger r, BigInteger s) {
        byte[] rBytes = r.toByteArray();
        byte[] sBytes = s.toByteArray();
        byte[] der = new byte[6 + rBytes.length + sBytes.length];
        der[0] = SEQUENCE_TAG;
        der[1] = (byte) (der.length - 2);
        der[2] = INTEGER_TAG;
        der[3] = (byte) rBytes.length;
        System.arraycopy(rBytes, 0, der, 4, rBytes.length);
        der[4 + rBytes.length] = INTEGER_TAG;
        der[5 + rBytes.length] = (byte) sBytes.length;
        System.arraycopy(sBytes, 0, der, 6 + rBytes.length, sBytes.length);
        return der;
    }

    /** r of a signature already known to be strict DER. */
    static BigInteger r(byte[] der) {
        return new BigInteger(1, der, R_LENGTH_OFFSET + 1, der[R_LENGTH_OFFSET] & 0xff);
    }

    /** s of a signature already known to be strict DER. */
    static BigInteger s(byte[] der) {
        int lenR = der[R_LENGTH_OFFSET] & 0xff;
        return new BigInteger(1, der, 6 + lenR, der[5 + lenR] & 0xff);
    }
}
