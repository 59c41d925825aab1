package minicoin.chain;

import static minicoin.chain.TestBlocks.GENESIS_KEY;
import static minicoin.chain.TestBlocks.PARAMS;
import static minicoin.chain.TestBlocks.address;
import static minicoin.chain.TestBlocks.child;
import static minicoin.chain.TestBlocks.key;
import static minicoin.chain.TestBlocks.pay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import minicoin.chain.ChainState.Outcome;
import minicoin.core.Block;
import minicoin.core.Bytes;
import minicoin.core.HeaderHasher;
import minicoin.core.Transaction;
import minicoin.crypto.PrivateKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LedgerTest {

    private static final PrivateKey ALICE = key("alice");
    private static final PrivateKey BOB = key("bob");

    private MemoryChainStore store;
    private Ledger ledger;
    private Block genesis;

    @BeforeEach
    void start() {
        store = TestBlocks.memoryStore();
        SignatureVerifier verifier = SignatureVerifier.withDefaults();
        ChainState chain = new ChainState(PARAMS, store, verifier, () -> TestBlocks.NOW, java.util.Optional.empty());
        ledger = new Ledger(chain, new Mempool(PARAMS, MempoolPolicy.DEFAULT, verifier, () -> TestBlocks.NOW), () -> TestBlocks.NOW);
        genesis = TestBlocks.genesis();
        ledger.submitBlock(genesis);
    }

    @AfterEach
    void stop() {
        store.close();
    }

    @Test
    void aConnectedBlockTakesItsTransactionsOutOfThePool() throws ValidationException {
        Transaction payment = pay(genesis.transactions().get(0), 0, GENESIS_KEY, address(ALICE), 100, 1);
        ledger.submitTransaction(payment);
        assertEquals(1, ledger.mempool().size());
        ledger.submitBlock(child(genesis, 1, List.of(payment)));
        assertEquals(0, ledger.mempool().size());
    }

    @Test
    void theLosingBranchsDoubleSpendDoesNotReturnButHonestTransactionsDo() throws ValidationException {
        Transaction coinbase = genesis.transactions().get(0);
        Transaction toAlice = pay(coinbase, 0, GENESIS_KEY, address(ALICE), 1000, 0);
        Block main1 = child(genesis, 1, List.of(toAlice), PARAMS.subsidy(), "main");
        assertEquals(Outcome.CONNECTED, ledger.submitBlock(main1).outcome());

        Transaction toBob = pay(coinbase, 0, GENESIS_KEY, address(BOB), 1000, 0);
        Block rival1 = child(genesis, 1, List.of(toBob), PARAMS.subsidy(), "rival");
        Block rival2 = child(rival1, 2);
        ledger.submitBlock(rival1);
        assertEquals(Outcome.CONNECTED, ledger.submitBlock(rival2).outcome());

        assertFalse(ledger.mempool().contains(toAlice.txid()), "the double spend stays out");
        assertEquals(1000, ledger.chain().balanceOf(address(BOB)));
        assertEquals(0, ledger.chain().balanceOf(address(ALICE)));
    }

    @Test
    void transactionsOfADisconnectedBlockComeBackWhenStillValid() throws ValidationException {
        Transaction coinbase = genesis.transactions().get(0);
        Transaction toAlice = pay(coinbase, 0, GENESIS_KEY, address(ALICE), 300, 0);
        Block main1 = child(genesis, 1, List.of(toAlice), PARAMS.subsidy(), "main");
        ledger.submitBlock(main1);
        List<Block> rival = TestBlocks.branch(genesis, 0, 2, "rival");
        ledger.submitBlock(rival.get(0));
        assertEquals(Outcome.CONNECTED, ledger.submitBlock(rival.get(1)).outcome());
        assertTrue(ledger.mempool().contains(toAlice.txid()), "the payment returns to the pool");
        // And a template on the new tip confirms it.
        Block template = ledger.blockTemplate(address(TestBlocks.MINER), Bytes.EMPTY);
        assertTrue(template.transactions().contains(toAlice));
        Block solved = new Block(HeaderHasher.solve(template.header()), template.transactions());
        assertEquals(Outcome.CONNECTED, ledger.submitBlock(solved).outcome());
        assertEquals(300, ledger.chain().balanceOf(address(ALICE)));
        assertEquals(0, ledger.mempool().size());
    }
}
