package minicoin.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import minicoin.chain.BlockIndexEntry;
import minicoin.chain.BlockStatus;
import minicoin.core.BlockHeader;
import minicoin.core.Hash;
import org.junit.jupiter.api.Test;

/** The chain service's estimate of the network's hash rate, as Core's getnetworkhashps computes it. */
class NetworkHashRateTest {

    /** A chain of {@code blocks} blocks from a genesis at time 1,000,000, each adding {@code work} and {@code spacing} seconds. */
    private static List<BlockIndexEntry> chain(int blocks, long work, long spacing) {
        List<BlockIndexEntry> chain = new ArrayList<>();
        Hash prev = Hash.ZERO;
        for (int height = 0; height < blocks; height++) {
            BlockHeader header = new BlockHeader(1, prev, Hash.ZERO, 1_000_000 + height * spacing, 0x207fffffL, height);
            BlockIndexEntry entry = new BlockIndexEntry(header.hash(), header, height,
                    BigInteger.valueOf(work).multiply(BigInteger.valueOf(height + 1L)), BlockStatus.VALID);
            chain.add(entry);
            prev = entry.hash();
        }
        return chain;
    }

    private static Map<Hash, BlockIndexEntry> index(List<BlockIndexEntry> chain) {
        Map<Hash, BlockIndexEntry> index = new HashMap<>();
        chain.forEach(entry -> index.put(entry.hash(), entry));
        return index;
    }

    private static BlockIndexEntry tip(List<BlockIndexEntry> chain) {
        return chain.get(chain.size() - 1);
    }

    @Test
    void hashRateIsTheWorkOfTheLast120BlocksOverTheirTimeSpan() {
        List<BlockIndexEntry> chain = chain(300, 6_000, 60);
        Map<Hash, BlockIndexEntry> index = index(chain);

        // 120 blocks of 6,000 hashes over 120 minutes: 100 hashes a second.
        assertEquals(100.0, ChainService.networkHashesPerSecond(tip(chain), hash -> Optional.ofNullable(index.get(hash)),
                ChainService.HASH_RATE_LOOKUP_BLOCKS));
    }

    @Test
    void aShortChainIsMeasuredFromItsGenesis() {
        List<BlockIndexEntry> chain = chain(11, 3_000, 30);
        Map<Hash, BlockIndexEntry> index = index(chain);

        assertEquals(100.0, ChainService.networkHashesPerSecond(tip(chain), hash -> Optional.ofNullable(index.get(hash)), 120));
    }

    @Test
    void aGenesisAloneOrASpanOfNoTimeIsZero() {
        List<BlockIndexEntry> genesis = chain(1, 5_000, 60);
        assertEquals(0.0, ChainService.networkHashesPerSecond(tip(genesis), hash -> Optional.empty(), 120));
        List<BlockIndexEntry> sameSecond = chain(5, 5_000, 0);
        Map<Hash, BlockIndexEntry> index = index(sameSecond);
        assertEquals(0.0, ChainService.networkHashesPerSecond(tip(sameSecond), hash -> Optional.ofNullable(index.get(hash)), 120));
    }

    @Test
    void theEstimateReadsAtMost120IndexEntries() {
        List<BlockIndexEntry> chain = chain(5_000, 6_000, 60);
        Map<Hash, BlockIndexEntry> index = index(chain);
        AtomicInteger lookups = new AtomicInteger();

        ChainService.networkHashesPerSecond(tip(chain), hash -> {
            lookups.incrementAndGet();
            return Optional.ofNullable(index.get(hash));
        }, ChainService.HASH_RATE_LOOKUP_BLOCKS);

        assertEquals(120, lookups.get());
    }
}
