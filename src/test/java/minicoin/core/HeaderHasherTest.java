package minicoin.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HeaderHasherTest {

    private static final BlockHeader TEMPLATE = new BlockHeader(1, Fixtures.hashOf("prev"), Fixtures.hashOf("root"),
            Fixtures.NOW, ConsensusParams.DEVNET.initialBits(), 0);

    @Test
    void midstateHashEqualsTheFullHeaderHash() {
        HeaderHasher hasher = new HeaderHasher(TEMPLATE);
        for (long nonce : new long[] {0, 1, 255, 256, 0x12345678L, 0xffffffffL}) {
            assertEquals(TEMPLATE.withNonce(nonce).hash(), hasher.hash(nonce), "nonce " + nonce);
        }
    }

    @Test
    void searchFindsTheFirstNonceMeetingTheTarget() {
        BigInteger target = ProofOfWork.decodeBits(TEMPLATE.bits());
        long nonce = new HeaderHasher(TEMPLATE).search(0, 1L << 24, target, () -> false);
        assertTrue(nonce >= 0, "devnet difficulty is solvable within 2^24 nonces");
        assertTrue(ProofOfWork.meetsTarget(TEMPLATE.withNonce(nonce).hash(), target));
        HeaderHasher hasher = new HeaderHasher(TEMPLATE);
        for (long earlier = Math.max(0, nonce - 1000); earlier < nonce; earlier++) {
            assertTrue(!ProofOfWork.meetsTarget(hasher.hash(earlier), target), "nonce " + earlier + " was skipped");
        }
    }

    @Test
    void solveProducesAValidHeader() {
        BlockHeader solved = HeaderHasher.solve(TEMPLATE);
        assertTrue(ProofOfWork.meetsTarget(solved.hash(), ProofOfWork.decodeBits(solved.bits())));
    }

    @Test
    void searchStopsWhenCancelled() {
        AtomicInteger polls = new AtomicInteger();
        long nonce = new HeaderHasher(TEMPLATE).search(0, 1L << 32, BigInteger.ZERO, () -> polls.incrementAndGet() > 2);
        assertEquals(-1, nonce);
        assertEquals(3, polls.get());
    }

    @Test
    void refusesRangesOutsideTheNonceSpace() {
        HeaderHasher hasher = new HeaderHasher(TEMPLATE);
        assertThrows(IllegalArgumentException.class, () -> hasher.search(0xffffffffL, 2, BigInteger.ONE, () -> false));
        assertThrows(IllegalArgumentException.class, () -> hasher.search(-1, 1, BigInteger.ONE, () -> false));
    }
}
