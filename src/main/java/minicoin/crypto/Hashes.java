package minicoin.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.crypto.digests.RIPEMD160Digest;

/** The hash functions of the protocol: SHA-256, double SHA-256, RIPEMD-160 and HASH160. */
public final class Hashes {

    public static final int SHA256_BYTES = 32;
    public static final int HASH160_BYTES = 20;

    private Hashes() {
    }

    /** A fresh SHA-256 digest; the JDK's implementation uses the CPU's SHA extensions where present. */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    public static byte[] sha256(byte[] data) {
        return sha256(data, 0, data.length);
    }

    public static byte[] sha256(byte[] data, int offset, int length) {
        MessageDigest digest = newSha256();
        digest.update(data, offset, length);
        return digest.digest();
    }

    /** SHA-256 of SHA-256: block hashes, txids, Merkle nodes and Base58Check checksums. */
    public static byte[] doubleSha256(byte[] data) {
        return doubleSha256(data, 0, data.length);
    }

    public static byte[] doubleSha256(byte[] data, int offset, int length) {
        MessageDigest digest = newSha256();
        digest.update(data, offset, length);
        return digest.digest(digest.digest());
    }

    public static byte[] ripemd160(byte[] data) {
        RIPEMD160Digest digest = new RIPEMD160Digest();
        digest.update(data, 0, data.length);
        byte[] out = new byte[HASH160_BYTES];
        digest.doFinal(out, 0);
        return out;
    }

    /** RIPEMD-160 of SHA-256: the key hash of a P2PKH address. */
    public static byte[] hash160(byte[] data) {
        return ripemd160(sha256(data));
    }
}
