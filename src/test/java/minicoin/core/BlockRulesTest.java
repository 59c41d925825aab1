package minicoin.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import minicoin.crypto.PrivateKey;
import org.junit.jupiter.api.Test;

class BlockRulesTest {

    private static final ConsensusParams PARAMS = Fixtures.PARAMS;
    private static final PrivateKey ALICE = Fixtures.key("alice");
    private static final PrivateKey BOB = Fixtures.key("bob");
    private static final Hash PARENT = Fixtures.hashOf("parent");
    private static final Transaction PAYMENT = Fixtures.payment(ALICE, Fixtures.hashOf("funding"), 100, 60, BOB);
    private static final Block GOOD = Fixtures.block(PARENT, 1, List.of(PAYMENT));

    private static RejectCode codeOf(Block block) {
        Optional<Rejection> rejection = BlockRules.checkContextFree(block, PARAMS, Fixtures.NOW);
        assertTrue(rejection.isPresent(), "expected a rejection of " + block);
        return rejection.get().code();
    }

    private static Transaction coinbase() {
        return GOOD.transactions().get(0);
    }

    @Test
    void acceptsAWellFormedBlock() {
        assertEquals(Optional.empty(), BlockRules.checkContextFree(GOOD, PARAMS, Fixtures.NOW));
    }

    @Test
    void rejectsAHashAboveTheTarget() {
        // Walk nonces until one misses the (easy) regtest target.
        long nonce = 0;
        while (ProofOfWork.meetsTarget(GOOD.header().withNonce(nonce).hash(), PARAMS.powLimit())) {
            nonce++;
        }
        assertEquals(RejectCode.HIGH_HASH, codeOf(GOOD.withHeader(GOOD.header().withNonce(nonce))));
    }

    @Test
    void rejectsBitsOutsideTheNetworkRange() {
        BlockHeader easier = new BlockHeader(1, PARENT, GOOD.header().merkleRoot(), Fixtures.NOW, 0x2100ffffL, 0);
        assertEquals(RejectCode.BAD_BITS, codeOf(new Block(easier, GOOD.transactions())));
        BlockHeader negative = new BlockHeader(1, PARENT, GOOD.header().merkleRoot(), Fixtures.NOW, 0x04923456L, 0);
        assertEquals(RejectCode.BAD_BITS, codeOf(new Block(negative, GOOD.transactions())));
        BlockHeader zero = new BlockHeader(1, PARENT, GOOD.header().merkleRoot(), Fixtures.NOW, 0, 0);
        assertEquals(RejectCode.BAD_BITS, codeOf(new Block(zero, GOOD.transactions())));
    }

    @Test
    void rejectsATimeTooFarInTheFuture() {
        Block block = Fixtures.block(PARENT, 1, List.of());
        long limit = Fixtures.NOW + PARAMS.maxFutureBlockTimeSeconds();
        Block atTheLimit = resolve(block.header().withTime(limit), block.transactions());
        assertEquals(Optional.empty(), BlockRules.checkContextFree(atTheLimit, PARAMS, Fixtures.NOW));
        assertEquals(RejectCode.TIME_TOO_NEW, codeOf(resolve(block.header().withTime(limit + 1), block.transactions())));
    }

    @Test
    void rejectsAnEmptyBlock() {
        assertEquals(RejectCode.NO_TRANSACTIONS, codeOf(new Block(HeaderHasher.solve(GOOD.header()), List.of())));
    }

    @Test
    void rejectsMisplacedOrExtraCoinbases() {
        assertEquals(RejectCode.FIRST_NOT_COINBASE, codeOf(Fixtures.solvedBlock(PARENT, List.of(PAYMENT, coinbase()))));
        Transaction second = Coinbase.create(2, 1000, BOB.publicKey().address());
        assertEquals(RejectCode.MULTIPLE_COINBASES, codeOf(Fixtures.solvedBlock(PARENT, List.of(coinbase(), second))));
    }

    @Test
    void rejectsABlockWithABadTransactionCarryingItsCode() {
        Transaction noOutputs = new Transaction(1, PAYMENT.inputs(), List.of(), 0);
        Optional<Rejection> rejection = BlockRules.checkContextFree(
                Fixtures.solvedBlock(PARENT, List.of(coinbase(), noOutputs)), PARAMS, Fixtures.NOW);
        assertEquals(RejectCode.NO_OUTPUTS, rejection.orElseThrow().code());
        assertTrue(rejection.get().reason().contains("transaction 1"), rejection.get().reason());
    }

    @Test
    void rejectsTheSameTransactionTwiceEvenWithAMatchingMerkleRoot() {
        // With three transactions the last is paired with itself; repeating it gives the same root.
        Transaction other = Fixtures.payment(BOB, Fixtures.hashOf("other"), 10, 10, ALICE);
        List<Transaction> three = List.of(coinbase(), PAYMENT, other);
        List<Transaction> four = List.of(coinbase(), PAYMENT, other, other);
        assertEquals(Merkle.rootOf(three), Merkle.rootOf(four));
        assertEquals(RejectCode.DUPLICATE_TRANSACTION, codeOf(Fixtures.solvedBlock(PARENT, four)));
        assertEquals(Optional.empty(), BlockRules.checkContextFree(Fixtures.solvedBlock(PARENT, three), PARAMS, Fixtures.NOW));
    }

    @Test
    void rejectsAMerkleRootThatDoesNotMatch() {
        BlockHeader wrongRoot = GOOD.header().withMerkleRoot(Fixtures.hashOf("wrong"));
        assertEquals(RejectCode.BAD_MERKLE_ROOT, codeOf(resolve(wrongRoot, GOOD.transactions())));
    }

    @Test
    void rejectsAnOversizedBlock() {
        List<Transaction> transactions = new ArrayList<>();
        transactions.add(coinbase());
        PrivateKey payer = Fixtures.key("payer");
        int i = 0;
        while (transactions.stream().mapToInt(Transaction::size).sum() <= PARAMS.maxBlockBytes()) {
            List<TxOut> outputs = new ArrayList<>();
            for (int o = 0; o < 3000; o++) {
                outputs.add(new TxOut(1, BOB.publicKey().address()));
            }
            Transaction tx = Fixtures.payment(payer, Fixtures.hashOf("big" + i++), 1, 1, BOB);
            transactions.add(new Transaction(1, tx.inputs(), outputs, 0));
        }
        assertEquals(RejectCode.BLOCK_TOO_LARGE, codeOf(Fixtures.solvedBlock(PARENT, transactions)));
    }

    private static Block resolve(BlockHeader header, List<Transaction> transactions) {
        return new Block(HeaderHasher.solve(header.withNonce(0)), transactions);
    }
}
