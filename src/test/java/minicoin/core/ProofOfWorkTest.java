package minicoin.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class ProofOfWorkTest {

    private static final ConsensusParams RETARGETING = ConsensusParams.MAIN;

    @Test
    void decodesBitsAsBitcoinCoreDoes() {
        // Cases from Bitcoin Core's arith_uint256 SetCompact tests.
        assertEquals(BigInteger.ZERO, ProofOfWork.decodeBits(0x00123456L));
        assertEquals(BigInteger.ZERO, ProofOfWork.decodeBits(0x01003456L));
        assertEquals(BigInteger.valueOf(0x12), ProofOfWork.decodeBits(0x01123456L));
        assertEquals(BigInteger.valueOf(0x80), ProofOfWork.decodeBits(0x02008000L));
        assertEquals(BigInteger.valueOf(0x92340000L), ProofOfWork.decodeBits(0x05009234L));
        assertEquals(BigInteger.valueOf(0x12345600L), ProofOfWork.decodeBits(0x04123456L));
        assertEquals(new BigInteger("1234560000000000000000000000000000000000000000000000000000000000", 16),
                ProofOfWork.decodeBits(0x20123456L));
        assertEquals(new BigInteger("ffff", 16).shiftLeft(8 * 26), ProofOfWork.decodeBits(0x1d00ffffL));
    }

    @Test
    void rejectsNegativeAndOverflowingBits() {
        assertThrows(IllegalArgumentException.class, () -> ProofOfWork.decodeBits(0x04923456L));
        assertThrows(IllegalArgumentException.class, () -> ProofOfWork.decodeBits(0x01fedcbaL));
        assertThrows(IllegalArgumentException.class, () -> ProofOfWork.decodeBits(0xff123456L));
        assertThrows(IllegalArgumentException.class, () -> ProofOfWork.decodeBits(0x22010000L));
        assertThrows(IllegalArgumentException.class, () -> ProofOfWork.decodeBits(-1));
    }

    @Test
    void encodesToTheShortestFormAndRoundTrips() {
        long[] canonical = {0x1d00ffffL, 0x1b04864cL, 0x207fffffL, 0x1f00ffffL, 0x1e0fffffL, 0x05009234L, 0x02008000L, 0x01120000L};
        for (long bits : canonical) {
            assertEquals(bits, ProofOfWork.encodeBits(ProofOfWork.decodeBits(bits)), Long.toHexString(bits));
        }
        // A mantissa with its top bit set moves up one byte to stay positive.
        assertEquals(0x02008000L, ProofOfWork.encodeBits(BigInteger.valueOf(0x80)));
        assertEquals(0L, ProofOfWork.encodeBits(BigInteger.ZERO));
    }

    @Test
    void workIsTwoTo256OverTargetPlusOne() {
        assertEquals(BigInteger.valueOf(0x100010001L), ProofOfWork.workOfBits(0x1d00ffffL));
        assertEquals(BigInteger.TWO, ProofOfWork.work(BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE)));
        assertTrue(ProofOfWork.workOfBits(0x1b04864cL).compareTo(ProofOfWork.workOfBits(0x1d00ffffL)) > 0);
    }

    @Test
    void retargetScalesByElapsedTime() {
        long bits = 0x1c0ffff0L;
        long intended = retargetTimespan();
        BigInteger before = ProofOfWork.decodeBits(bits);
        BigInteger halved = ProofOfWork.decodeBits(ProofOfWork.retarget(bits, intended / 2, RETARGETING));
        assertEquals(before.divide(BigInteger.TWO), halved);
        assertEquals(bits, ProofOfWork.retarget(bits, intended, RETARGETING));
    }

    @Test
    void retargetClampsToAFactorOfFour() {
        long bits = 0x1c0ffff0L;
        BigInteger before = ProofOfWork.decodeBits(bits);
        long intended = retargetTimespan();
        assertEquals(before.divide(BigInteger.valueOf(4)), ProofOfWork.decodeBits(ProofOfWork.retarget(bits, 1, RETARGETING)));
        assertEquals(before.divide(BigInteger.valueOf(4)), ProofOfWork.decodeBits(ProofOfWork.retarget(bits, -5000, RETARGETING)));
        assertEquals(before.multiply(BigInteger.valueOf(4)),
                ProofOfWork.decodeBits(ProofOfWork.retarget(bits, intended * 100, RETARGETING)));
    }

    @Test
    void retargetNeverPassesThePowLimit() {
        long easiest = RETARGETING.initialBits();
        long next = ProofOfWork.retarget(easiest, retargetTimespan() * 4, RETARGETING);
        assertEquals(ProofOfWork.encodeBits(RETARGETING.powLimit()), next);
    }

    @Test
    void fixedDifficultyNetworksNeverRetarget() {
        assertEquals(ConsensusParams.DEVNET.initialBits(), ProofOfWork.retarget(0x1d00ffffL, 1, ConsensusParams.DEVNET));
    }

    private static long retargetTimespan() {
        return RETARGETING.targetTimespanSeconds();
    }
}
