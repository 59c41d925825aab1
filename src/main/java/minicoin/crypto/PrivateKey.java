package minicoin.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

/**
 * A secp256k1 secret scalar in [1, n-1] and its compressed public key. It signs with RFC 6979
 * nonces and low S; its {@code toString} shows the address, never the secret.
 */
public final class PrivateKey {

    private final BigInteger secret;
    private final ECPrivateKeyParameters signingKey;
    private final PublicKey publicKey;

    private PrivateKey(BigInteger secret) {
        this.secret = secret;
        this.signingKey = new ECPrivateKeyParameters(secret, Secp256k1.DOMAIN);
        this.publicKey = PublicKey.ofPoint(new FixedPointCombMultiplier().multiply(Secp256k1.G, secret));
    }

    public static PrivateKey generate(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        byte[] candidate = new byte[Secp256k1.SCALAR_BYTES];
        while (true) {
            random.nextBytes(candidate);
            BigInteger k = new BigInteger(1, candidate);
            // Rejection rather than reduction mod n keeps the key uniform; a retry happens about once in 2^128.
            if (Secp256k1.isInRange(k)) {
                return new PrivateKey(k);
            }
        }
    }

    /** The key for a 32-byte big-endian secret; the error message never repeats the secret. */
    public static PrivateKey fromBytes(byte[] secret32) {
        if (secret32 == null || secret32.length != Secp256k1.SCALAR_BYTES) {
            throw new IllegalArgumentException("a private key is " + Secp256k1.SCALAR_BYTES + " bytes, got "
                    + (secret32 == null ? "null" : secret32.length));
        }
        BigInteger k = new BigInteger(1, secret32);
        if (!Secp256k1.isInRange(k)) {
            throw new IllegalArgumentException("a private key must be at least 1 and below the secp256k1 order n");
        }
        return new PrivateKey(k);
    }

    /** The 32-byte big-endian secret; a copy. */
    public byte[] toBytes() {
        return BigIntegers.asUnsignedByteArray(Secp256k1.SCALAR_BYTES, secret);
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /**
     * Signs a 32-byte hash: strict DER, S normalised to the lower half, nonce from RFC 6979 with
     * HMAC-SHA256, so the same key and hash always give the same bytes.
     */
    public byte[] sign(byte[] hash32) {
        if (hash32 == null || hash32.length != Hashes.SHA256_BYTES) {
            throw new IllegalArgumentException("can only sign a " + Hashes.SHA256_BYTES + "-byte hash");
        }
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, signingKey);
        BigInteger[] rs = signer.generateSignature(hash32);
        BigInteger s = rs[1].compareTo(Secp256k1.HALF_N) > 0 ? Secp256k1.N.subtract(rs[1]) : rs[1];
        return Signatures.encodeDer(rs[0], s);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PrivateKey that && secret.equals(that.secret);
    }

    /** Hashes the public key so that a hash table never holds bits derived from the secret. */
    @Override
    public int hashCode() {
        return publicKey.hashCode();
    }

    @Override
    public String toString() {
        return "PrivateKey[" + publicKey.address() + "]";
    }
}
