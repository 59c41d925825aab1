package minicoin.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import minicoin.chain.ChainState.Outcome;
import minicoin.core.Block;
import minicoin.core.OutPoint;
import minicoin.chain.store.MapDbChainStore;
import minicoin.crypto.Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainStoreTest {

    @TempDir
    Path dataDir;

    static Map<OutPoint, Coin> coins(ChainStore store) {
        Map<OutPoint, Coin> coins = new TreeMap<>();
        store.forEachCoin(utxo -> coins.put(utxo.outPoint(), utxo.coin()));
        return coins;
    }

    @Test
    void reopeningGivesTheSameTipUtxoSetAndBalances() {
        Block genesis = TestBlocks.genesis();
        List<Block> blocks = TestBlocks.chainWithPayments(genesis, 12);
        Map<OutPoint, Coin> before;
        Address payee = TestBlocks.address(TestBlocks.key("payee3"));
        long payeeBalance;
        try (MapDbChainStore store = TestBlocks.fileStore(dataDir)) {
            ChainState chain = TestBlocks.newChain(store);
            chain.submitBlock(genesis);
            for (Block block : blocks) {
                assertEquals(Outcome.CONNECTED, chain.submitBlock(block).outcome());
            }
            before = coins(store);
            payeeBalance = chain.balanceOf(payee);
            assertTrue(payeeBalance > 0);
        }
        try (MapDbChainStore store = TestBlocks.fileStore(dataDir)) {
            ChainState chain = TestBlocks.newChain(store);
            assertEquals(12, chain.tipHeight());
            assertEquals(blocks.get(11).hash(), chain.tipHash());
            assertEquals(before, coins(store));
            assertEquals(payeeBalance, chain.balanceOf(payee));
            // And it carries on from there.
            assertEquals(Outcome.CONNECTED, chain.submitBlock(TestBlocks.child(blocks.get(11), 13)).outcome());
        }
    }

    @Test
    void theAddressIndexMatchesTheUtxoSet() {
        try (MemoryChainStore store = TestBlocks.memoryStore()) {
            ChainState chain = TestBlocks.newChain(store);
            Block genesis = TestBlocks.genesis();
            chain.submitBlock(genesis);
            TestBlocks.chainWithPayments(genesis, 8).forEach(chain::submitBlock);
            Map<Address, Long> byAddress = new TreeMap<>();
            store.forEachCoin(utxo -> byAddress.merge(utxo.coin().output().address(), utxo.value(), Long::sum));
            assertTrue(byAddress.size() > 5);
            byAddress.forEach((address, total) -> assertEquals(total, chain.balanceOf(address), address.toString()));
            assertEquals(8 * 1000L + 1000, byAddress.values().stream().mapToLong(Long::longValue).sum(),
                    "total supply is the subsidy times the number of blocks");
        }
    }

    @Test
    void aSecondStoreOnTheSameDataDirectoryIsRefused() {
        try (MapDbChainStore first = TestBlocks.fileStore(dataDir)) {
            ChainStoreException e = assertThrows(ChainStoreException.class, () -> TestBlocks.fileStore(dataDir));
            assertTrue(e.getMessage().contains("in use by another Minicoin node"), e.getMessage());
        }
        // Once closed, it opens again.
        TestBlocks.fileStore(dataDir).close();
    }
}
