package minicoin.crypto;

/**
 * A mutable secp256k1 point in Jacobian coordinates: (X, Y, Z) stands for the affine point
 * (X/Z², Y/Z³), and the point at infinity is a flag rather than Z = 0, so no formula has to
 * recognise it from the coordinates.
 *
 * <p>The formulas are the usual ones for a curve with a = 0 (y² = x³ + 7); they never divide, and
 * each writes into {@code this}, which may be one of its inputs. Temporaries come from a
 * caller-owned {@link Scratch} so that a scalar multiplication allocates nothing. Variable-time:
 * for public data only.
 */
final class JacobianPoint {

    final FieldElement x = new FieldElement();
    final FieldElement y = new FieldElement();
    final FieldElement z = new FieldElement();
    boolean infinity = true;

    /** Field temporaries for the point formulas; one per thread of work, never shared. */
    static final class Scratch {
        final FieldElement t0 = new FieldElement();
        final FieldElement t1 = new FieldElement();
        final FieldElement t2 = new FieldElement();
        final FieldElement t3 = new FieldElement();
        final FieldElement t4 = new FieldElement();
        final FieldElement t5 = new FieldElement();
        final FieldElement t6 = new FieldElement();
        final FieldElement t7 = new FieldElement();
    }

    JacobianPoint setInfinity() {
        infinity = true;
        return this;
    }

    JacobianPoint set(JacobianPoint p) {
        x.set(p.x);
        y.set(p.y);
        z.set(p.z);
        infinity = p.infinity;
        return this;
    }

    /** this = the affine point (ax, ay), which the caller knows to be on the curve. */
    JacobianPoint setAffine(FieldElement ax, FieldElement ay) {
        x.set(ax);
        y.set(ay);
        z.setOne();
        infinity = false;
        return this;
    }

    /** this = −p. */
    JacobianPoint negate(JacobianPoint p) {
        set(p);
        y.negate(y);
        return this;
    }

    /**
     * this = 2p (dbl-2009-l shape, 3M + 4S): A = X², B = Y², C = B², D = 4XB, E = 3A,
     * X3 = E² − 2D, Y3 = E(D − X3) − 8C, Z3 = 2YZ. secp256k1 has no point of order 2, so Y is never 0
     * for a finite point and the result is finite.
     */
    JacobianPoint doubleOf(JacobianPoint p, Scratch s) {
        if (p.infinity) {
            return setInfinity();
        }
        FieldElement a = s.t0.sqr(p.x);
        FieldElement b = s.t1.sqr(p.y);
        FieldElement c = s.t2.sqr(b);
        FieldElement xb = s.t3.mul(p.x, b);
        FieldElement e = s.t4.mulSmall(a, 3);
        FieldElement z3 = s.t5.mul(p.y, p.z).mulSmall(s.t5, 2);
        FieldElement x3 = s.t6.sqr(e).scaledSub(s.t6, 1, xb, 8);
        // p is no longer read below, so this may be p.
        y.scaledSub(xb, 4, x3, 1).mul(y, e).scaledSub(y, 1, c, 8);
        x.set(x3);
        z.set(z3);
        infinity = false;
        return this;
    }

    /**
     * this = p + (qx, ±qy), an affine point on the curve (madd-2007-bl shape, 8M + 3S). Handles p at
     * infinity, p = q (doubles) and p = −q (infinity).
     */
    JacobianPoint addAffine(JacobianPoint p, FieldElement qx, FieldElement qy, boolean negateQ, Scratch s) {
        if (p.infinity) {
            setAffine(qx, qy);
            if (negateQ) {
                y.negate(y);
            }
            return this;
        }
        FieldElement z1z1 = s.t0.sqr(p.z);
        FieldElement h = s.t1.mul(qx, z1z1).sub(s.t1, p.x);
        FieldElement s2 = s.t2.mul(p.z, z1z1).mul(s.t2, qy);
        if (negateQ) {
            s2.negate(s2);
        }
        FieldElement r = s2.sub(s2, p.y);
        if (h.isZero()) {
            return r.isZero() ? doubleOf(p, s) : setInfinity();
        }
        FieldElement hh = s.t3.sqr(h);
        FieldElement hhh = s.t4.mul(h, hh);
        FieldElement v = s.t5.mul(p.x, hh);
        FieldElement x3 = s.t6.sqr(r).sub(s.t6, hhh).scaledSub(s.t6, 1, v, 2);
        FieldElement y1hhh = s.t7.mul(p.y, hhh);
        z.mul(p.z, h);
        // p.x, p.y and p.z are no longer read below, so this may be p.
        y.sub(v, x3).mul(y, r).sub(y, y1hhh);
        x.set(x3);
        infinity = false;
        return this;
    }

    /**
     * this = p + (qx, ±qy, qz) in Jacobian coordinates (add-1998-cmo-2 shape, 12M + 4S). Handles
     * either input at infinity, p = q (doubles) and p = −q (infinity).
     */
    JacobianPoint add(JacobianPoint p, FieldElement qx, FieldElement qy, FieldElement qz, boolean qInfinity,
                      boolean negateQ, Scratch s) {
        if (qInfinity) {
            return set(p);
        }
        if (p.infinity) {
            x.set(qx);
            y.set(qy);
            z.set(qz);
            if (negateQ) {
                y.negate(y);
            }
            infinity = false;
            return this;
        }
        FieldElement z1z1 = s.t0.sqr(p.z);
        FieldElement z2z2 = s.t1.sqr(qz);
        FieldElement u1 = s.t2.mul(p.x, z2z2);
        FieldElement h = s.t3.mul(qx, z1z1).sub(s.t3, u1);
        FieldElement s1 = s.t4.mul(qz, z2z2).mul(s.t4, p.y);
        FieldElement r = s.t5.mul(p.z, z1z1).mul(s.t5, qy);
        if (negateQ) {
            r.negate(r);
        }
        r.sub(r, s1);
        if (h.isZero()) {
            return r.isZero() ? doubleOf(p, s) : setInfinity();
        }
        FieldElement z3 = s.t0.mul(p.z, qz).mul(s.t0, h);
        FieldElement hh = s.t1.sqr(h);
        FieldElement hhh = s.t6.mul(h, hh);
        FieldElement v = s.t2.mul(u1, hh);
        FieldElement x3 = s.t7.sqr(r).sub(s.t7, hhh).scaledSub(s.t7, 1, v, 2);
        s1.mul(s1, hhh);
        // p is no longer read below, so this may be p.
        y.sub(v, x3).mul(y, r).sub(y, s1);
        x.set(x3);
        z.set(z3);
        infinity = false;
        return this;
    }

    /** this = p + q. */
    JacobianPoint add(JacobianPoint p, JacobianPoint q, Scratch s) {
        return add(p, q.x, q.y, q.z, q.infinity, false, s);
    }

    /**
     * Affine coordinates of finite points, with one field inversion for all of them (Montgomery's
     * trick: invert the product of the Zs, then peel each 1/Z off with two multiplications).
     * Throws IllegalStateException for a point at infinity, which callers rule out beforehand.
     */
    static void toAffine(JacobianPoint[] points, FieldElement[] xs, FieldElement[] ys) {
        int count = points.length;
        FieldElement[] prefix = new FieldElement[count];
        for (int i = 0; i < count; i++) {
            if (points[i].infinity) {
                throw new IllegalStateException("no affine form for the point at infinity");
            }
            prefix[i] = i == 0 ? new FieldElement().set(points[0].z) : new FieldElement().mul(prefix[i - 1], points[i].z);
        }
        FieldElement inverse = new FieldElement().invertVariableTime(prefix[count - 1]);
        FieldElement zInverse = new FieldElement();
        FieldElement zInverse2 = new FieldElement();
        for (int i = count - 1; i >= 0; i--) {
            if (i > 0) {
                zInverse.mul(inverse, prefix[i - 1]);
                inverse.mul(inverse, points[i].z);
            } else {
                zInverse.set(inverse);
            }
            zInverse2.sqr(zInverse);
            xs[i].mul(points[i].x, zInverse2).normalize();
            ys[i].mul(points[i].y, zInverse2.mul(zInverse2, zInverse)).normalize();
        }
    }

    /**
     * Writes the affine coordinates into {@code ax} and {@code ay} (normalised); false, leaving them
     * untouched, at infinity. Costs an inversion, so only tables and tests use it.
     */
    boolean toAffine(FieldElement ax, FieldElement ay) {
        if (infinity) {
            return false;
        }
        FieldElement zInverse = new FieldElement().invert(z);
        FieldElement zInverse2 = new FieldElement().sqr(zInverse);
        ax.mul(x, zInverse2).normalize();
        ay.mul(y, zInverse2.mul(zInverse2, zInverse)).normalize();
        return true;
    }
}
