package minicoin.core;

import java.math.BigInteger;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.function.BooleanSupplier;
import minicoin.crypto.Hashes;

/**
 * Nonce search on one header. The first 64 header bytes do not change with the nonce, so their
 * SHA-256 state (the midstate) is computed once; each nonce then costs two compressions: the
 * header's last 16 bytes and the second SHA-256. One instance per thread.
 */
public final class HeaderHasher {

    /** Nonces between two looks at the cancel flag: about a millisecond of hashing. */
    static final int CANCEL_CHECK_INTERVAL = 1 << 13;
    public static final long MAX_NONCE = 0xffffffffL;

    private static final int MIDSTATE_BYTES = 64;
    private static final int TAIL_BYTES = BlockHeader.BYTES - MIDSTATE_BYTES;
    private static final int NONCE_IN_TAIL = BlockHeader.NONCE_OFFSET - MIDSTATE_BYTES;

    private final BlockHeader template;
    private final MessageDigest midstate;
    private final MessageDigest outer = Hashes.newSha256();
    private final byte[] tail = new byte[TAIL_BYTES];
    private final byte[] inner = new byte[Hashes.SHA256_BYTES];
    private final byte[] hash = new byte[Hashes.SHA256_BYTES];

    public HeaderHasher(BlockHeader template) {
        this.template = template;
        byte[] encoded = template.encode();
        midstate = Hashes.newSha256();
        midstate.update(encoded, 0, MIDSTATE_BYTES);
        System.arraycopy(encoded, MIDSTATE_BYTES, tail, 0, TAIL_BYTES);
    }

    /** The block hash the template has with {@code nonce}. */
    public Hash hash(long nonce) {
        hashInto(nonce);
        return Hash.of(hash);
    }

    /**
     * The first nonce in {@code [from, from + count)} whose hash meets {@code target}, or -1 when
     * none does or {@code cancelled} turned true (it is polled every few thousand nonces).
     */
    public long search(long from, long count, BigInteger target, BooleanSupplier cancelled) {
        if (from < 0 || count < 0 || from + count - 1 > MAX_NONCE) {
            throw new IllegalArgumentException("nonce range outside 0.." + MAX_NONCE);
        }
        byte[] targetLittleEndian = toLittleEndian256(target);
        long end = from + count;
        for (long nonce = from; nonce < end; nonce++) {
            if ((nonce & (CANCEL_CHECK_INTERVAL - 1)) == 0 && cancelled.getAsBoolean()) {
                return -1;
            }
            hashInto(nonce);
            if (atMost(hash, targetLittleEndian)) {
                return nonce;
            }
        }
        return -1;
    }

    /** Solves {@code header} by brute force from nonce 0; for genesis blocks and tests on easy targets. */
    public static BlockHeader solve(BlockHeader header) {
        BigInteger target = ProofOfWork.decodeBits(header.bits());
        long nonce = new HeaderHasher(header).search(0, MAX_NONCE + 1, target, () -> false);
        if (nonce < 0) {
            throw new IllegalStateException("no nonce solves this header; change its time or coinbase");
        }
        return header.withNonce(nonce);
    }

    public BlockHeader template() {
        return template;
    }

    private void hashInto(long nonce) {
        tail[NONCE_IN_TAIL] = (byte) nonce;
        tail[NONCE_IN_TAIL + 1] = (byte) (nonce >>> 8);
        tail[NONCE_IN_TAIL + 2] = (byte) (nonce >>> 16);
        tail[NONCE_IN_TAIL + 3] = (byte) (nonce >>> 24);
        try {
            MessageDigest first = (MessageDigest) midstate.clone();
            first.update(tail);
            first.digest(inner, 0, inner.length);
            outer.update(inner);
            outer.digest(hash, 0, hash.length);
        } catch (CloneNotSupportedException | DigestException e) {
            throw new IllegalStateException("the platform SHA-256 cannot be cloned", e);
        }
    }

    private static boolean atMost(byte[] littleEndian, byte[] limit) {
        for (int i = littleEndian.length - 1; i >= 0; i--) {
            int a = littleEndian[i] & 0xff;
            int b = limit[i] & 0xff;
            if (a != b) {
                return a < b;
            }
        }
        return true;
    }

    private static byte[] toLittleEndian256(BigInteger value) {
        if (value.signum() < 0 || value.bitLength() > 256) {
            throw new IllegalArgumentException("a target is a non-negative 256-bit number");
        }
        byte[] bigEndian = value.toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < bigEndian.length && i < 32; i++) {
            out[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return out;
    }
}
