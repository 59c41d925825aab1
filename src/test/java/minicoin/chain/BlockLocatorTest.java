package minicoin.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import minicoin.chain.ChainState.Outcome;
import minicoin.core.Block;
import minicoin.core.BlockHeader;
import minicoin.core.Hash;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BlockLocatorTest {

    private final List<MemoryChainStore> stores = new ArrayList<>();
    private Block genesis;
    private ChainState chain;

    @BeforeEach
    void startWithGenesis() {
        genesis = TestBlocks.genesis();
        chain = newChain();
    }

    @AfterEach
    void closeStores() {
        stores.forEach(MemoryChainStore::close);
    }

    private ChainState newChain() {
        MemoryChainStore store = TestBlocks.memoryStore();
        stores.add(store);
        ChainState fresh = TestBlocks.newChain(store);
        assertEquals(Outcome.CONNECTED, fresh.submitBlock(genesis).outcome());
        return fresh;
    }

    private static List<Block> extend(ChainState target, List<Block> blocks) {
        for (Block block : blocks) {
            target.submitBlock(block);
        }
        return blocks;
    }

    private List<Long> heights(List<Hash> locator) {
        return locator.stream().map(h -> chain.indexEntry(h).orElseThrow().height()).toList();
    }

    private static List<BlockHeader> headersOf(List<Block> blocks) {
        return blocks.stream().map(Block::header).toList();
    }

    @Test
    void anEmptyChainHasAnEmptyLocator() {
        try (MemoryChainStore store = TestBlocks.memoryStore()) {
            assertEquals(List.of(), BlockLocator.of(TestBlocks.newChain(store)));
        }
    }

    @Test
    void aGenesisOnlyChainLocatesByGenesis() {
        assertEquals(List.of(genesis.hash()), BlockLocator.of(chain));
    }

    @Test
    void locatorStepsOneTenTimesThenDoublesDownToGenesis() {
        extend(chain, TestBlocks.branch(genesis, 0, 50, "main"));
        List<Hash> locator = BlockLocator.of(chain);
        assertEquals(List.of(50L, 49L, 48L, 47L, 46L, 45L, 44L, 43L, 42L, 41L, 40L, 38L, 34L, 26L, 10L, 0L),
                heights(locator));
        assertEquals(chain.tipHash(), locator.get(0));
        assertEquals(genesis.hash(), locator.get(locator.size() - 1));
    }

    @Test
    void shortChainsListEveryBlock() {
        extend(chain, TestBlocks.branch(genesis, 0, 5, "main"));
        assertEquals(List.of(5L, 4L, 3L, 2L, 1L, 0L), heights(BlockLocator.of(chain)));
    }

    @Test
    void locatorIsStrictlyDescendingAndEndsAtGenesisAtEveryHeight() {
        List<Block> blocks = TestBlocks.branch(genesis, 0, 40, "main");
        for (Block block : blocks) {
            chain.submitBlock(block);
            List<Long> heights = heights(BlockLocator.of(chain));
            assertEquals(chain.tipHeight(), heights.get(0));
            assertEquals(0L, heights.get(heights.size() - 1));
            for (int i = 1; i < heights.size(); i++) {
                assertTrue(heights.get(i) < heights.get(i - 1));
            }
            assertTrue(heights.size() <= 12 + 64 - Long.numberOfLeadingZeros(chain.tipHeight()));
        }
    }

    @Test
    void forkPointAfterAReorgIsTheLastCommonBlock() {
        List<Block> common = extend(chain, TestBlocks.branch(genesis, 0, 10, "common"));
        Block forkBlock = common.get(common.size() - 1);
        List<Block> oldBranch = extend(chain, TestBlocks.branch(forkBlock, 10, 10, "old"));

        // A peer that saw only the old branch keeps its locator while we reorg onto a longer one.
        ChainState peer = newChain();
        extend(peer, common);
        extend(peer, oldBranch);
        List<Hash> peerLocator = BlockLocator.of(peer);

        List<Block> newBranch = extend(chain, TestBlocks.branch(forkBlock, 10, 15, "new"));
        assertEquals(newBranch.get(newBranch.size() - 1).hash(), chain.tipHash());
        assertTrue(!chain.isOnMainChain(oldBranch.get(0).hash()));

        assertEquals(Optional.of(forkBlock.hash()), BlockLocator.forkPoint(chain, peerLocator));
        assertEquals(headersOf(newBranch), BlockLocator.headersAfter(chain, peerLocator, Hash.ZERO, 2_000));
    }

    @Test
    void forkPointOfAPeerAheadOfUsIsOurTip() {
        List<Block> blocks = TestBlocks.branch(genesis, 0, 30, "main");
        extend(chain, blocks.subList(0, 20));
        ChainState peer = newChain();
        extend(peer, blocks);

        List<Hash> peerLocator = BlockLocator.of(peer);
        assertEquals(Optional.of(chain.tipHash()), BlockLocator.forkPoint(chain, peerLocator));
        assertEquals(List.of(), BlockLocator.headersAfter(chain, peerLocator, Hash.ZERO, 2_000));
        // And the peer answers our locator with exactly what we lack, in one round trip.
        assertEquals(headersOf(blocks.subList(20, 30)),
                BlockLocator.headersAfter(peer, BlockLocator.of(chain), Hash.ZERO, 2_000));
    }

    @Test
    void headersAfterStopsAtMaxOrAtTheStopHashIncluded() {
        List<Block> blocks = extend(chain, TestBlocks.branch(genesis, 0, 30, "main"));
        List<Hash> fromGenesis = List.of(genesis.hash());
        assertEquals(headersOf(blocks.subList(0, 7)), BlockLocator.headersAfter(chain, fromGenesis, Hash.ZERO, 7));
        assertEquals(headersOf(blocks.subList(0, 12)),
                BlockLocator.headersAfter(chain, fromGenesis, blocks.get(11).hash(), 2_000));
        assertEquals(headersOf(blocks.subList(0, 5)),
                BlockLocator.headersAfter(chain, fromGenesis, blocks.get(11).hash(), 5));
        assertEquals(List.of(), BlockLocator.headersAfter(chain, fromGenesis, Hash.ZERO, 0));
    }

    @Test
    void anEmptyLocatorAsksForEverythingFromGenesis() {
        List<Block> blocks = extend(chain, TestBlocks.branch(genesis, 0, 3, "main"));
        List<BlockHeader> expected = new ArrayList<>();
        expected.add(genesis.header());
        expected.addAll(headersOf(blocks));
        assertEquals(expected, BlockLocator.headersAfter(chain, List.of(), Hash.ZERO, 2_000));
    }

    @Test
    void aLocatorFromAnotherChainFindsNoForkPoint() {
        extend(chain, TestBlocks.branch(genesis, 0, 3, "main"));
        List<Hash> foreign = List.of(Hash.doubleSha256(new byte[] {1}), Hash.doubleSha256(new byte[] {2}));
        assertEquals(Optional.empty(), BlockLocator.forkPoint(chain, foreign));
        assertEquals(List.of(), BlockLocator.headersAfter(chain, foreign, Hash.ZERO, 2_000));
    }

    @Test
    void sideBranchHashesInTheLocatorAreSkipped() {
        List<Block> main = extend(chain, TestBlocks.branch(genesis, 0, 5, "main"));
        List<Block> side = TestBlocks.branch(main.get(1), 2, 2, "side");
        extend(chain, side);
        assertTrue(chain.indexEntry(side.get(0).hash()).isPresent());
        List<Hash> locator = List.of(side.get(1).hash(), side.get(0).hash(), main.get(1).hash(), genesis.hash());
        assertEquals(Optional.of(main.get(1).hash()), BlockLocator.forkPoint(chain, locator));
    }
}
