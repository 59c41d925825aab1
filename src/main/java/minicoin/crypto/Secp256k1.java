package minicoin.crypto;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The secp256k1 domain parameters, taken from Bouncy Castle's custom curve: its field arithmetic is
 * specialised for this prime and it multiplies through the GLV endomorphism, several times faster
 * than the generic curve from {@code SECNamedCurves}.
 */
final class Secp256k1 {

    private static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp256k1");

    static final ECCurve CURVE = PARAMS.getCurve();
    static final ECPoint G = PARAMS.getG();
    /** The group order: private keys, r and s all live in [1, N-1]. */
    static final BigInteger N = PARAMS.getN();
    /** Largest S a canonical signature may carry; BIP 62 low-S removes the (r, N-s) malleability. */
    static final BigInteger HALF_N = N.shiftRight(1);
    static final ECDomainParameters DOMAIN = new ECDomainParameters(PARAMS);

    /** Size of a private key, r, s and an x coordinate: the curve is 256 bits. */
    static final int SCALAR_BYTES = 32;

    private Secp256k1() {
    }

    /** True when {@code k} is a usable private key or signature component: 1 ≤ k < N. */
    static boolean isInRange(BigInteger k) {
        return k.signum() > 0 && k.compareTo(N) < 0;
    }
}
