package minicoin.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class ConsensusParamsTest {

    @Test
    void networksAreFoundByNameAndHaveDistinctMagics() {
        for (ConsensusParams params : ConsensusParams.NETWORKS) {
            assertEquals(params, ConsensusParams.byName(params.name()));
            assertEquals(1000, params.subsidy());
        }
        assertEquals(3, new HashSet<>(ConsensusParams.NETWORKS.stream().map(ConsensusParams::magic).toList()).size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConsensusParams.byName("moon"));
        assertTrue(e.getMessage().contains("moon"));
    }

    @Test
    void devnetIsFixedDifficultyAndQuick() {
        ConsensusParams devnet = ConsensusParams.DEVNET;
        assertEquals(0, devnet.retargetInterval());
        // About 65,536 hashes a block: milliseconds on one core.
        assertTrue(ProofOfWork.workOfBits(devnet.initialBits()).compareTo(BigInteger.valueOf(1 << 17)) < 0);
    }

    @Test
    void refusesInconsistentParameters() {
        ConsensusParams d = ConsensusParams.DEVNET;
        assertThrows(IllegalArgumentException.class, () -> new ConsensusParams("x", 1, 1000, 10, d.maxBlockBytes(),
                d.maxTxBytes(), 10, 0, d.powLimit(), d.initialBits(), 0, 7200));
        assertThrows(IllegalArgumentException.class, () -> new ConsensusParams("x", 1, 1000, d.maxMoney(),
                Block.MAX_BYTES + 1, d.maxTxBytes(), 10, 0, d.powLimit(), d.initialBits(), 0, 7200));
        assertThrows(IllegalArgumentException.class, () -> new ConsensusParams("x", 1, 1000, d.maxMoney(),
                d.maxBlockBytes(), d.maxTxBytes(), 10, 0, BigInteger.ONE, d.initialBits(), 0, 7200));
        assertThrows(IllegalArgumentException.class, () -> new ConsensusParams("x", 1, 1000, d.maxMoney(),
                d.maxBlockBytes(), d.maxTxBytes(), 0, 0, d.powLimit(), d.initialBits(), 0, 7200));
    }
}
