package minicoin.crypto;

/**
 * A mutable element of GF(p), p = 2^256 − 2^32 − 977, the secp256k1 base field, built for
 * verification speed: five 52-bit limbs in plain {@code long} fields, every operation writing into
 * a caller-owned instance so that the hot loop allocates nothing.
 *
 * <p>Every instance is always <em>weakly reduced</em>: limbs 0–3 below 2^53 and limb 4 below 2^49,
 * so the value is below 2p but not necessarily below p. Carries are taken one step per limb, all
 * limbs at once, rather than rippling from limb 0 to limb 4: that keeps the dependency chain of a
 * multiplication short. {@link #normalize()} makes the form canonical; comparisons and
 * serialisation normalise first. The multiplier has headroom for limbs up to 2^54.
 *
 * <p>Operations allow the output to be one of the inputs ({@code a.mul(a, b)}). Not thread-safe;
 * an instance shared between threads must only be read (as the precomputed tables are).
 * Variable-time: it handles only public data (keys, signatures, hashes), never secrets.
 */
final class FieldElement {

    /** Limb width: 52-bit limbs leave room for the 128-bit products to split into two 64-bit sums. */
    private static final int LIMB_BITS = 52;
    private static final long M52 = (1L << LIMB_BITS) - 1;
    /** The top limb holds bits 208–255 of a canonical value: 48 bits. */
    private static final long M48 = (1L << 48) - 1;
    /** 2^260 mod p: five limbs span 2^260, so whatever a product carries above that folds back times this. */
    private static final long R260 = 0x1000003D10L;
    /** 2^256 mod p = 2^32 + 977: the fold for the few bits of limb 4 above bit 48. */
    private static final long R256_LOW = 0x3D1L;
    /** Each factor's shift before multiplying: 6 + 6 = 64 − 52, and 53-bit limbs stay below 2^59. */
    private static final int PRE_SHIFT = 6;
    /** 2^260 mod p pre-shifted for the same trick in the reduction. */
    private static final long R260_SHIFTED = R260 << (2 * PRE_SHIFT);
    /** Bits of the 2^32 part of 2^256 mod p that stay in limb 0 (32 + 20 = 52). */
    private static final long LOW_20_BITS = (1L << 20) - 1;

    /** Limbs of p, for subtraction (as 4p, whose limbs dominate every weakly reduced limb) and normalisation. */
    private static final long P0 = 0xFFFFEFFFFFC2FL;
    private static final long P1 = M52;
    private static final long P2 = M52;
    private static final long P3 = M52;
    private static final long P4 = M48;

    /** Bytes of a serialised element: 256 bits, big-endian, as in keys and signatures. */
    static final int BYTES = 32;

    long n0;
    long n1;
    long n2;
    long n3;
    long n4;

    FieldElement() {
    }

    /** Small constants for tables and tests. */
    static FieldElement of(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("a field constant is non-negative");
        }
        FieldElement result = new FieldElement();
        result.n0 = value & M52;
        result.n1 = value >>> LIMB_BITS;
        return result;
    }

    /** Parses a 32-byte big-endian hex constant; for the curve's fixed parameters. */
    static FieldElement ofHex(String hex) {
        FieldElement result = new FieldElement();
        if (!result.setBytes(java.util.HexFormat.of().parseHex(hex), 0)) {
            throw new IllegalArgumentException("not a canonical field element: " + hex);
        }
        return result;
    }

    FieldElement set(FieldElement a) {
        n0 = a.n0;
        n1 = a.n1;
        n2 = a.n2;
        n3 = a.n3;
        n4 = a.n4;
        return this;
    }

    FieldElement setZero() {
        n0 = 0;
        n1 = 0;
        n2 = 0;
        n3 = 0;
        n4 = 0;
        return this;
    }

    FieldElement setOne() {
        setZero();
        n0 = 1;
        return this;
    }

    /**
     * Reads 32 big-endian bytes at {@code offset}. Returns false, leaving this unspecified, when the
     * number is p or above: such an encoding is never canonical, so callers reject it.
     */
    boolean setBytes(byte[] bytes, int offset) {
        long w3 = readLong(bytes, offset);
        long w2 = readLong(bytes, offset + 8);
        long w1 = readLong(bytes, offset + 16);
        long w0 = readLong(bytes, offset + 24);
        n0 = w0 & M52;
        n1 = ((w0 >>> 52) | (w1 << 12)) & M52;
        n2 = ((w1 >>> 40) | (w2 << 24)) & M52;
        n3 = ((w2 >>> 28) | (w3 << 36)) & M52;
        n4 = w3 >>> 16;
        return !(n4 == P4 && n3 == P3 && n2 == P2 && n1 == P1 && n0 >= P0);
    }

    private static long readLong(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            value = (value << Byte.SIZE) | (bytes[offset + i] & 0xFF);
        }
        return value;
    }

    /** Writes the canonical 32 big-endian bytes at {@code offset}; normalises this first. */
    void toBytes(byte[] out, int offset) {
        normalize();
        writeLong(out, offset, (n4 << 16) | (n3 >>> 36));
        writeLong(out, offset + 8, (n3 << 28) | (n2 >>> 24));
        writeLong(out, offset + 16, (n2 << 40) | (n1 >>> 12));
        writeLong(out, offset + 24, (n1 << 52) | n0);
    }

    byte[] toBytes() {
        byte[] out = new byte[BYTES];
        toBytes(out, 0);
        return out;
    }

    private static void writeLong(byte[] out, int offset, long value) {
        for (int i = Long.BYTES - 1; i >= 0; i--) {
            out[offset + i] = (byte) value;
            value >>>= Byte.SIZE;
        }
    }

    /** this = a + b. */
    FieldElement add(FieldElement a, FieldElement b) {
        n0 = a.n0 + b.n0;
        n1 = a.n1 + b.n1;
        n2 = a.n2 + b.n2;
        n3 = a.n3 + b.n3;
        n4 = a.n4 + b.n4;
        return reduceWeakly();
    }

    /** this = a − b, computed as a + (4p − b): 4p's limbs dominate b's, so no limb goes negative. */
    FieldElement sub(FieldElement a, FieldElement b) {
        n0 = a.n0 + 4 * P0 - b.n0;
        n1 = a.n1 + 4 * P1 - b.n1;
        n2 = a.n2 + 4 * P2 - b.n2;
        n3 = a.n3 + 4 * P3 - b.n3;
        n4 = a.n4 + 4 * P4 - b.n4;
        return reduceWeakly();
    }

    /** this = −a, as 4p − a. */
    FieldElement negate(FieldElement a) {
        n0 = 4 * P0 - a.n0;
        n1 = 4 * P1 - a.n1;
        n2 = 4 * P2 - a.n2;
        n3 = 4 * P3 - a.n3;
        n4 = 4 * P4 - a.n4;
        return reduceWeakly();
    }

    /** Largest factors for {@link #scaledSub}: k·a + m·(4p − b) keeps every limb below 2^59. */
    static final int MAX_SCALED_SUB_FACTOR = 8;

    /**
     * this = k·a − m·b for small constants, with one reduction instead of a chain of additions,
     * multiplications by a constant and subtractions: the point formulas are full of 2x − 8y shapes.
     */
    FieldElement scaledSub(FieldElement a, int k, FieldElement b, int m) {
        if (k < 0 || k > MAX_SCALED_SUB_FACTOR || m < 0 || m > MAX_SCALED_SUB_FACTOR) {
            throw new IllegalArgumentException("scale factors out of range: " + k + ", " + m);
        }
        n0 = a.n0 * k + (4 * P0 - b.n0) * m;
        n1 = a.n1 * k + (4 * P1 - b.n1) * m;
        n2 = a.n2 * k + (4 * P2 - b.n2) * m;
        n3 = a.n3 * k + (4 * P3 - b.n3) * m;
        n4 = a.n4 * k + (4 * P4 - b.n4) * m;
        return reduceWeakly();
    }

    /** Largest factor for {@link #mulSmall}: keeps every limb product below 2^58 before the carry. */
    static final int MAX_SMALL_FACTOR = 32;

    /** this = a · k for a small constant k (the 2, 3, 4 and 8 of the point formulas). */
    FieldElement mulSmall(FieldElement a, int k) {
        if (k < 0 || k > MAX_SMALL_FACTOR) {
            throw new IllegalArgumentException("small factor out of range: " + k);
        }
        n0 = a.n0 * k;
        n1 = a.n1 * k;
        n2 = a.n2 * k;
        n3 = a.n3 * k;
        n4 = a.n4 * k;
        return reduceWeakly();
    }

    /**
     * Restores the weak form from limbs below 2^60: one carry step per limb, and what lies above bit
     * 256 folds back into limb 0 as 2^256 ≡ 2^32 + 977.
     */
    private FieldElement reduceWeakly() {
        long t0 = n0;
        long t1 = n1;
        long t2 = n2;
        long t3 = n3;
        long t4 = n4;
        // Below 2^12, so the fold adds under 2^45 to a 52-bit limb 0.
        long over = t4 >>> 48;
        n0 = (t0 & M52) + over * (R256_LOW + (1L << 32));
        n1 = (t1 & M52) + (t0 >>> LIMB_BITS);
        n2 = (t2 & M52) + (t1 >>> LIMB_BITS);
        n3 = (t3 & M52) + (t2 >>> LIMB_BITS);
        n4 = (t4 & M48) + (t3 >>> LIMB_BITS);
        return this;
    }

    /**
     * Ripples carries from limb 0 to limb 4 and folds what passes bit 256 back in, leaving limbs 0–3
     * below 2^52 and limb 4 at most 2^48. Accepts limbs below 2^60. Only normalisation needs this.
     */
    private FieldElement carryFully() {
        long t0 = n0;
        long t1 = n1 + (t0 >>> LIMB_BITS);
        t0 &= M52;
        long t2 = n2 + (t1 >>> LIMB_BITS);
        t1 &= M52;
        long t3 = n3 + (t2 >>> LIMB_BITS);
        t2 &= M52;
        long t4 = n4 + (t3 >>> LIMB_BITS);
        t3 &= M52;
        long over = t4 >>> 48;
        t4 &= M48;
        // over < 2^16 here, so over · (2^32 + 977) fits easily in limb 0's spare bits.
        t0 += over * (R256_LOW + (1L << 32));
        t1 += t0 >>> LIMB_BITS;
        t0 &= M52;
        t2 += t1 >>> LIMB_BITS;
        t1 &= M52;
        t3 += t2 >>> LIMB_BITS;
        t2 &= M52;
        t4 += t3 >>> LIMB_BITS;
        t3 &= M52;
        n0 = t0;
        n1 = t1;
        n2 = t2;
        n3 = t3;
        n4 = t4;
        return this;
    }

    /**
     * this = a · b. Each limb product (below 2^106) is split at bit 52 into a low and a high part,
     * so each column sums at most five 52-bit lows and five 54-bit highs in plain longs with no carry
     * test. Both factors are pre-shifted by 6 bits, so the 128-bit product is the true one times 2^12:
     * Math.multiplyHigh then returns exactly the part above bit 52 and the low word's top 52 bits are
     * the part below, with no masking or recombining per product.
     */
    FieldElement mul(FieldElement a, FieldElement b) {
        long a0 = a.n0 << PRE_SHIFT;
        long a1 = a.n1 << PRE_SHIFT;
        long a2 = a.n2 << PRE_SHIFT;
        long a3 = a.n3 << PRE_SHIFT;
        long a4 = a.n4 << PRE_SHIFT;
        long b0 = b.n0 << PRE_SHIFT;
        long b1 = b.n1 << PRE_SHIFT;
        long b2 = b.n2 << PRE_SHIFT;
        long b3 = b.n3 << PRE_SHIFT;
        long b4 = b.n4 << PRE_SHIFT;
        long lo;
        lo = a0 * b0;
        long l0 = lo >>> 12;
        long h0 = Math.multiplyHigh(a0, b0);
        lo = a0 * b1;
        long l1 = lo >>> 12;
        long h1 = Math.multiplyHigh(a0, b1);
        lo = a1 * b0;
        l1 += lo >>> 12;
        h1 += Math.multiplyHigh(a1, b0);
        lo = a0 * b2;
        long l2 = lo >>> 12;
        long h2 = Math.multiplyHigh(a0, b2);
        lo = a1 * b1;
        l2 += lo >>> 12;
        h2 += Math.multiplyHigh(a1, b1);
        lo = a2 * b0;
        l2 += lo >>> 12;
        h2 += Math.multiplyHigh(a2, b0);
        lo = a0 * b3;
        long l3 = lo >>> 12;
        long h3 = Math.multiplyHigh(a0, b3);
        lo = a1 * b2;
        l3 += lo >>> 12;
        h3 += Math.multiplyHigh(a1, b2);
        lo = a2 * b1;
        l3 += lo >>> 12;
        h3 += Math.multiplyHigh(a2, b1);
        lo = a3 * b0;
        l3 += lo >>> 12;
        h3 += Math.multiplyHigh(a3, b0);
        lo = a0 * b4;
        long l4 = lo >>> 12;
        long h4 = Math.multiplyHigh(a0, b4);
        lo = a1 * b3;
        l4 += lo >>> 12;
        h4 += Math.multiplyHigh(a1, b3);
        lo = a2 * b2;
        l4 += lo >>> 12;
        h4 += Math.multiplyHigh(a2, b2);
        lo = a3 * b1;
        l4 += lo >>> 12;
        h4 += Math.multiplyHigh(a3, b1);
        lo = a4 * b0;
        l4 += lo >>> 12;
        h4 += Math.multiplyHigh(a4, b0);
        lo = a1 * b4;
        long l5 = lo >>> 12;
        long h5 = Math.multiplyHigh(a1, b4);
        lo = a2 * b3;
        l5 += lo >>> 12;
        h5 += Math.multiplyHigh(a2, b3);
        lo = a3 * b2;
        l5 += lo >>> 12;
        h5 += Math.multiplyHigh(a3, b2);
        lo = a4 * b1;
        l5 += lo >>> 12;
        h5 += Math.multiplyHigh(a4, b1);
        lo = a2 * b4;
        long l6 = lo >>> 12;
        long h6 = Math.multiplyHigh(a2, b4);
        lo = a3 * b3;
        l6 += lo >>> 12;
        h6 += Math.multiplyHigh(a3, b3);
        lo = a4 * b2;
        l6 += lo >>> 12;
        h6 += Math.multiplyHigh(a4, b2);
        lo = a3 * b4;
        long l7 = lo >>> 12;
        long h7 = Math.multiplyHigh(a3, b4);
        lo = a4 * b3;
        l7 += lo >>> 12;
        h7 += Math.multiplyHigh(a4, b3);
        lo = a4 * b4;
        long l8 = lo >>> 12;
        long h8 = Math.multiplyHigh(a4, b4);
        // Column sums, each independent of the others: the low halves of column k and the high halves of k − 1.
        long c0 = l0;
        long c1 = l1 + h0;
        long c2 = l2 + h1;
        long c3 = l3 + h2;
        long c4 = l4 + h3;
        long c5 = l5 + h4;
        long c6 = l6 + h5;
        long c7 = l7 + h6;
        long c8 = l8 + h7;
        long c9 = h8;
        return reduce(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9);

    }

    /** this = a². Cross products appear twice, so they are taken once against a doubled limb. */
    FieldElement sqr(FieldElement a) {
        long a0 = a.n0 << PRE_SHIFT;
        long a1 = a.n1 << PRE_SHIFT;
        long a2 = a.n2 << PRE_SHIFT;
        long a3 = a.n3 << PRE_SHIFT;
        long a4 = a.n4 << PRE_SHIFT;
        long d0 = a0 << 1;
        long d1 = a1 << 1;
        long d2 = a2 << 1;
        long d3 = a3 << 1;
        long lo;
        lo = a0 * a0;
        long l0 = lo >>> 12;
        long h0 = Math.multiplyHigh(a0, a0);
        lo = d0 * a1;
        long l1 = lo >>> 12;
        long h1 = Math.multiplyHigh(d0, a1);
        lo = d0 * a2;
        long l2 = lo >>> 12;
        long h2 = Math.multiplyHigh(d0, a2);
        lo = a1 * a1;
        l2 += lo >>> 12;
        h2 += Math.multiplyHigh(a1, a1);
        lo = d0 * a3;
        long l3 = lo >>> 12;
        long h3 = Math.multiplyHigh(d0, a3);
        lo = d1 * a2;
        l3 += lo >>> 12;
        h3 += Math.multiplyHigh(d1, a2);
        lo = d0 * a4;
        long l4 = lo >>> 12;
        long h4 = Math.multiplyHigh(d0, a4);
        lo = d1 * a3;
        l4 += lo >>> 12;
        h4 += Math.multiplyHigh(d1, a3);
        lo = a2 * a2;
        l4 += lo >>> 12;
        h4 += Math.multiplyHigh(a2, a2);
        lo = d1 * a4;
        long l5 = lo >>> 12;
        long h5 = Math.multiplyHigh(d1, a4);
        lo = d2 * a3;
        l5 += lo >>> 12;
        h5 += Math.multiplyHigh(d2, a3);
        lo = d2 * a4;
        long l6 = lo >>> 12;
        long h6 = Math.multiplyHigh(d2, a4);
        lo = a3 * a3;
        l6 += lo >>> 12;
        h6 += Math.multiplyHigh(a3, a3);
        lo = d3 * a4;
        long l7 = lo >>> 12;
        long h7 = Math.multiplyHigh(d3, a4);
        lo = a4 * a4;
        long l8 = lo >>> 12;
        long h8 = Math.multiplyHigh(a4, a4);
        // Column sums, each independent of the others: the low halves of column k and the high halves of k − 1.
        long c0 = l0;
        long c1 = l1 + h0;
        long c2 = l2 + h1;
        long c3 = l3 + h2;
        long c4 = l4 + h3;
        long c5 = l5 + h4;
        long c6 = l6 + h5;
        long c7 = l7 + h6;
        long c8 = l8 + h7;
        long c9 = h8;
        return reduce(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9);

    }

    /**
     * Reduces a product held as ten column sums of weight 2^(52k), each below 2^58 and not yet
     * carried, to the weak form: columns 5–9 fold down times 2^260 mod p, then the bits above 2^256
     * fold in as 2^32 + 977.
     */
    private FieldElement reduce(long r0, long r1, long r2, long r3, long r4,
                                long r5, long r6, long r7, long r8, long r9) {
        // Each r(k+5) · R260 is below 2^95: its low 52 bits land on limb k, the rest on limb k + 1
        // (the same pre-shift split as in mul, with the whole 12-bit shift on the constant).
        long lo5 = r5 * R260_SHIFTED;
        long lo6 = r6 * R260_SHIFTED;
        long lo7 = r7 * R260_SHIFTED;
        long lo8 = r8 * R260_SHIFTED;
        long lo9 = r9 * R260_SHIFTED;
        long s0 = r0 + (lo5 >>> 12);
        long s1 = r1 + (lo6 >>> 12) + Math.multiplyHigh(r5, R260_SHIFTED);
        long s2 = r2 + (lo7 >>> 12) + Math.multiplyHigh(r6, R260_SHIFTED);
        long s3 = r3 + (lo8 >>> 12) + Math.multiplyHigh(r7, R260_SHIFTED);
        long s4 = r4 + (lo9 >>> 12) + Math.multiplyHigh(r8, R260_SHIFTED);
        long s5 = Math.multiplyHigh(r9, R260_SHIFTED);

        // s0–s4 are below 2^59 and s5 below 2^43: one parallel carry step.
        long u1 = (s1 & M52) + (s0 >>> LIMB_BITS);
        long u2 = (s2 & M52) + (s1 >>> LIMB_BITS);
        long u3 = (s3 & M52) + (s2 >>> LIMB_BITS);
        long u4 = (s4 & M52) + (s3 >>> LIMB_BITS);
        long u5 = s5 + (s4 >>> LIMB_BITS);

        // Everything at or above 2^256 (below 2^48 of it), times 2^256 mod p = 2^32 + 977.
        long over = (u5 << 4) + (u4 >>> 48);
        long u0 = (s0 & M52) + over * R256_LOW + ((over & LOW_20_BITS) << 32);
        u1 += over >>> 20;
        n0 = u0 & M52;
        n1 = u1 + (u0 >>> LIMB_BITS);
        n2 = u2;
        n3 = u3;
        n4 = u4 & M48;
        return this;
    }

    /** Makes the representation canonical (value below p) without changing the value. */
    FieldElement normalize() {
        carryFully();
        // Now value < 2^256 + 2^208 < 2p: subtract p at most once, i.e. add 2^256 − p and drop bit 256.
        if (n4 > P4 || (n4 == P4 && n3 == P3 && n2 == P2 && n1 == P1 && n0 >= P0)) {
            long t0 = n0 + (R256_LOW + (1L << 32));
            long t1 = n1 + (t0 >>> LIMB_BITS);
            long t2 = n2 + (t1 >>> LIMB_BITS);
            long t3 = n3 + (t2 >>> LIMB_BITS);
            long t4 = n4 + (t3 >>> LIMB_BITS);
            n0 = t0 & M52;
            n1 = t1 & M52;
            n2 = t2 & M52;
            n3 = t3 & M52;
            n4 = t4 & M48;
        }
        return this;
    }

    /** True when the value is 0 mod p; normalises this (its value is unchanged). */
    boolean isZero() {
        normalize();
        return (n0 | n1 | n2 | n3 | n4) == 0;
    }

    /** True when the canonical value is odd, the parity a compressed key's prefix records; normalises this. */
    boolean isOdd() {
        normalize();
        return (n0 & 1) != 0;
    }

    /** Equality of values mod p; normalises both operands (their values are unchanged). */
    boolean valueEquals(FieldElement other) {
        normalize();
        other.normalize();
        return n0 == other.n0 && n1 == other.n1 && n2 == other.n2 && n3 == other.n3 && n4 == other.n4;
    }

    /** this = a^(2^count) by repeated squaring. */
    private FieldElement sqrTimes(FieldElement a, int count) {
        set(a);
        for (int i = 0; i < count; i++) {
            sqr(this);
        }
        return this;
    }

    /**
     * this = a^(p−2) = a⁻¹ (0 for a = 0), by libsecp256k1's addition chain: p − 2 in binary is 223
     * ones, a zero, 22 ones, then 0000101101, so those runs of ones are built once and reused.
     * 255 squarings and 15 multiplications; a few temporaries, as this runs outside the hot loop.
     */
    FieldElement invert(FieldElement a) {
        FieldElement[] runs = onesRuns(a);
        FieldElement x2 = runs[0];
        FieldElement x22 = runs[1];
        FieldElement t = runs[2];
        t.sqrTimes(t, 23).mul(t, x22);
        t.sqrTimes(t, 5).mul(t, a);
        t.sqrTimes(t, 3).mul(t, x2);
        t.sqrTimes(t, 2).mul(t, a);
        return set(t);
    }

    /** p, for the variable-time inversion. */
    private static final ModularInverse INVERSE_MOD_P = new ModularInverse(new java.math.BigInteger(
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F", 16));

    /**
     * this = a⁻¹ by safegcd, about a quarter of the cost of {@link #invert}; variable-time, for
     * public values. Throws ArithmeticException for a = 0.
     */
    FieldElement invertVariableTime(FieldElement a) {
        java.math.BigInteger inverse = INVERSE_MOD_P.invert(new FieldElement().set(a).toBigInteger());
        byte[] bytes = new byte[BYTES];
        byte[] raw = inverse.toByteArray();
        int length = Math.min(raw.length, BYTES);
        System.arraycopy(raw, raw.length - length, bytes, BYTES - length, length);
        setBytes(bytes, 0);
        return this;
    }

    /**
     * this = a^((p+1)/4), a square root of a when one exists (p ≡ 3 mod 4); returns whether it is
     * one, i.e. whether this² = a. (p+1)/4 is 223 ones, a zero, 22 ones, then 0000110000.
     */
    boolean sqrt(FieldElement a) {
        FieldElement input = new FieldElement().set(a);
        FieldElement[] runs = onesRuns(input);
        FieldElement x2 = runs[0];
        FieldElement x22 = runs[1];
        FieldElement t = runs[2];
        t.sqrTimes(t, 23).mul(t, x22);
        t.sqrTimes(t, 6).mul(t, x2);
        t.sqrTimes(t, 2);
        set(t);
        return t.sqr(this).valueEquals(input);
    }

    /** a^(2^2−1), a^(2^22−1) and a^(2^223−1): the runs of ones shared by the inversion and the square root. */
    private static FieldElement[] onesRuns(FieldElement a) {
        FieldElement x2 = new FieldElement().sqr(a);
        x2.mul(x2, a);
        FieldElement x3 = new FieldElement().sqr(x2);
        x3.mul(x3, a);
        FieldElement x6 = new FieldElement().sqrTimes(x3, 3);
        x6.mul(x6, x3);
        FieldElement x9 = new FieldElement().sqrTimes(x6, 3);
        x9.mul(x9, x3);
        FieldElement x11 = new FieldElement().sqrTimes(x9, 2);
        x11.mul(x11, x2);
        FieldElement x22 = new FieldElement().sqrTimes(x11, 11);
        x22.mul(x22, x11);
        FieldElement x44 = new FieldElement().sqrTimes(x22, 22);
        x44.mul(x44, x22);
        FieldElement x88 = new FieldElement().sqrTimes(x44, 44);
        x88.mul(x88, x44);
        FieldElement x176 = new FieldElement().sqrTimes(x88, 88);
        x176.mul(x176, x88);
        FieldElement x220 = new FieldElement().sqrTimes(x176, 44);
        x220.mul(x220, x44);
        FieldElement x223 = new FieldElement().sqrTimes(x220, 3);
        x223.mul(x223, x3);
        return new FieldElement[] {x2, x22, x223};
    }

    /** The canonical value as an unsigned number; for tests and diagnostics. */
    java.math.BigInteger toBigInteger() {
        return new java.math.BigInteger(1, toBytes());
    }

    @Override
    public String toString() {
        return java.util.HexFormat.of().formatHex(new FieldElement().set(this).toBytes());
    }
}
