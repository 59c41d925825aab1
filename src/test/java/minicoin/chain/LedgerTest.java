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

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import minicoin.chain.ChainState.Outcome;
import minicoin.core.Block;
import minicoin.core.Bytes;
import minicoin.core.Hash;
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

    /**
     * Docs/reliability.md, finding 5: a wallet downstream of a lost transaction, through a coin it
     * never held, learns only from the chain that its payment can never confirm. A reorg reports
     * what left: the lost blocks' coinbases, a payment spending one, a payment whose coin the new
     * branch spent otherwise, and the pool transactions spending those; not a payment the new branch
     * mined again, nor one that went back to the pool.
     */
    @Test
    void aReorgReportsTheTransactionsThatLeftForGood() throws ValidationException {
        Transaction coinbase = genesis.transactions().get(0);
        Transaction kept = pay(coinbase, 0, GENESIS_KEY, address(ALICE), 300, 0);
        Block main1 = child(genesis, 1, List.of(kept), PARAMS.subsidy(), "main");
        assertEquals(List.of(), ledger.submit(main1, ChainState.LOCAL_SOURCE).left());
        Transaction lostReward = main1.transactions().get(0);
        Transaction spendsReward = pay(lostReward, 0, TestBlocks.MINER, address(BOB), 100, 0);
        Transaction aliceToBob = pay(kept, 0, ALICE, address(BOB), 200, 0);
        Transaction returning = pay(kept, 1, GENESIS_KEY, address(BOB), 100, 0);
        Block main2 = child(main1, 2, List.of(spendsReward, aliceToBob, returning), PARAMS.subsidy(), "main");
        assertEquals(List.of(), ledger.submit(main2, ChainState.LOCAL_SOURCE).left());
        Transaction bobPaysOn = pay(aliceToBob, 0, BOB, address(ALICE), 50, 1);
        ledger.submitTransaction(bobPaysOn);

        Transaction aliceOtherwise = pay(kept, 0, ALICE, address(ALICE), 250, 0);
        Block rival1 = child(genesis, 1, List.of(kept), PARAMS.subsidy(), "rival");
        Block rival2 = child(rival1, 2, List.of(aliceOtherwise), PARAMS.subsidy(), "rival");
        Block rival3 = child(rival2, 3, List.of(), PARAMS.subsidy(), "rival");
        // Equal work goes to the lower hash, so the reorg comes with rival2 or rival3.
        List<Hash> left = new ArrayList<>();
        int disconnected = 0;
        for (Block block : List.of(rival1, rival2, rival3)) {
            Ledger.Submission submission = ledger.submit(block, ChainState.LOCAL_SOURCE);
            left.addAll(submission.left());
            disconnected += submission.result().change().disconnected().size();
        }

        assertEquals(rival3.hash(), ledger.chain().tipHash());
        assertEquals(2, disconnected);
        assertEquals(Set.of(lostReward.txid(), spendsReward.txid(), aliceToBob.txid(), main2.transactions().get(0).txid(),
                bobPaysOn.txid()), Set.copyOf(left));
        assertEquals(5, left.size(), "each once");
        assertTrue(ledger.mempool().contains(returning.txid()), "its coin is still there: back in the pool, not left");
        assertFalse(left.contains(kept.txid()), "mined again on the new branch");
    }

    @Test
    void aPoolTransactionThatAConnectedBlockDoubleSpendsIsReportedWithItsDescendants() throws ValidationException {
        Transaction coinbase = genesis.transactions().get(0);
        Transaction toAlice = pay(coinbase, 0, GENESIS_KEY, address(ALICE), 300, 1);
        Transaction aliceOn = pay(toAlice, 0, ALICE, address(BOB), 100, 1);
        ledger.submitTransaction(toAlice);
        ledger.submitTransaction(aliceOn);
        Transaction toBob = pay(coinbase, 0, GENESIS_KEY, address(BOB), 300, 1);

        Ledger.Submission mined = ledger.submit(child(genesis, 1, List.of(toBob)), ChainState.LOCAL_SOURCE);

        assertEquals(List.of(toAlice.txid(), aliceOn.txid()), mined.left());
        assertEquals(0, ledger.mempool().size());
    }
}
