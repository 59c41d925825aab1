package minicoin.mining;

import static minicoin.mining.MiningFixtures.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import minicoin.core.Block;
import minicoin.core.BlockHeader;
import minicoin.core.BlockRules;
import minicoin.core.Bytes;
import minicoin.core.ConsensusParams;
import minicoin.core.Hash;
import minicoin.core.Merkle;
import minicoin.core.OutPoint;
import minicoin.core.PaymentBuilder;
import minicoin.core.Transaction;
import minicoin.core.TxOut;
import minicoin.crypto.Hashes;
import minicoin.crypto.PrivateKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MinerTest {

    private static final long TIMEOUT_SECONDS = 30;

    private final List<ExecutorService> pools = new ArrayList<>();

    @AfterEach
    void shutDownPools() throws InterruptedException {
        for (ExecutorService pool : pools) {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS), "search threads ended");
        }
    }

    private ExecutorService pool(int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        pools.add(pool);
        return pool;
    }

    private Miner miner(int threads, long noncesPerTemplate) {
        return new Miner(pool(threads), threads, noncesPerTemplate, () -> NOW, new HashrateMeter());
    }

    private static Block solve(Miner miner, Block template) throws Exception {
        Optional<Block> solved = miner.search(template).result().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertTrue(solved.isPresent(), "an uncancelled search ends with a block");
        return solved.get();
    }

    private static void assertValid(Block block, ConsensusParams params) {
        assertEquals(Optional.empty(), BlockRules.checkContextFree(block, params, NOW));
    }

    @Test
    void solvesARegtestTemplate() throws Exception {
        Block template = MiningFixtures.template(ConsensusParams.REGTEST, Bytes.fromHex("0100000000000000"));
        Block solved = solve(miner(1, Miner.NONCE_SPACE), template);

        assertValid(solved, ConsensusParams.REGTEST);
        assertEquals(template.transactions(), solved.transactions());
        assertEquals(template.header().withNonce(solved.header().nonce()), solved.header());
    }

    @Test
    void solvesADevnetTemplateWithPaymentsOnTwoThreads() throws Exception {
        Block template = MiningFixtures.template(MiningFixtures.hashOf("tip"), 42, ConsensusParams.DEVNET.initialBits(),
                MiningFixtures.MINER_ADDRESS, Bytes.fromHex("0000000011223344"), NOW, List.of(payment("a"), payment("b")));
        Block solved = solve(miner(2, Miner.NONCE_SPACE), template);

        assertValid(solved, ConsensusParams.DEVNET);
        assertEquals(template.header().prevHash(), solved.header().prevHash());
        assertEquals(42, solved.transactions().get(0).coinbaseHeight().getAsLong());
    }

    @Test
    void slicesAreDisjointAndCoverTheBudget() {
        for (long budget : new long[] {Miner.NONCE_SPACE, 1000, 7, 64}) {
            for (int threads = 1; threads <= 7 && threads <= budget; threads++) {
                long expectedFrom = 0;
                for (int thread = 0; thread < threads; thread++) {
                    Miner.Range slice = Miner.slice(thread, threads, budget);
                    assertEquals(expectedFrom, slice.from(), "thread " + thread + " of " + threads + ", budget " + budget);
                    assertTrue(slice.count() > 0);
                    expectedFrom = slice.end();
                }
                assertEquals(budget, expectedFrom);
            }
        }
    }

    @Test
    void threadsSearchDisjointSlicesOfEveryRound() throws Exception {
        int threads = 3;
        long budget = 10_000;
        int rounds = 3;
        List<long[]> chunks = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch everyThreadFinishedTheRounds = new CountDownLatch(threads);
        Miner.SearchTrace trace = (thread, round, from, count) -> {
            chunks.add(new long[] {thread, round, from, count});
            if (round == rounds && from == Miner.slice(thread, threads, budget).from()) {
                everyThreadFinishedTheRounds.countDown();
            }
        };
        Miner miner = new Miner(pool(threads), threads, budget, () -> NOW, new HashrateMeter(), trace);

        Miner.Search search = miner.search(MiningFixtures.impossibleTemplate());
        assertTrue(everyThreadFinishedTheRounds.await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        miner.cancel().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertEquals(Optional.empty(), search.result().get());

        List<long[]> seen = new ArrayList<>(chunks);
        for (int round = 0; round < rounds; round++) {
            boolean[] tried = new boolean[(int) budget];
            for (long[] chunk : seen) {
                if (chunk[1] != round) {
                    continue;
                }
                Miner.Range slice = Miner.slice((int) chunk[0], threads, budget);
                assertTrue(chunk[2] >= slice.from() && chunk[2] + chunk[3] <= slice.end(), "chunk inside its thread's slice");
                for (long nonce = chunk[2]; nonce < chunk[2] + chunk[3]; nonce++) {
                    assertTrue(!tried[(int) nonce], "nonce " + nonce + " of round " + round + " tried twice");
                    tried[(int) nonce] = true;
                }
            }
            for (int nonce = 0; nonce < budget; nonce++) {
                assertTrue(tried[nonce], "nonce " + nonce + " of round " + round + " never tried");
            }
        }
        assertEquals(seen.stream().mapToLong(chunk -> chunk[3]).sum(), search.noncesTried());
    }

    @Test
    void cancelStopsAnImpossibleSearchWithin100Milliseconds() throws Exception {
        Miner miner = miner(2, Miner.NONCE_SPACE);
        Miner.Search search = miner.search(MiningFixtures.impossibleTemplate());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (search.noncesTried() < 100_000 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(search.noncesTried() >= 100_000, "the search is under way");

        long cancelledAt = System.nanoTime();
        search.cancel();
        Optional<Block> outcome = search.result().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        long stoppedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cancelledAt);

        assertEquals(Optional.empty(), outcome);
        assertTrue(stoppedMillis < 100, "stopped after " + stoppedMillis + " ms");
        long afterStop = miner.totalHashes();
        Thread.sleep(50);
        assertEquals(afterStop, miner.totalHashes(), "no thread hashes after the result");
    }

    @Test
    void aPacedSearchHashesNoFasterThanItsRateAndStillStopsOnCancel() throws Exception {
        long rate = 10 * Miner.CHUNK_NONCES;
        Miner miner = miner(2, Miner.NONCE_SPACE);
        long started = System.nanoTime();
        Miner.Search search = miner.search(MiningFixtures.impossibleTemplate(), new HashPace(rate, System::nanoTime, Thread::sleep));
        Thread.sleep(300);
        long tried = search.noncesTried();
        double seconds = (System.nanoTime() - started) / 1e9;
        // Every chunk that started had its share of time: the first starts at once, the rest follow at the rate.
        assertTrue(tried <= Miner.CHUNK_NONCES + rate * seconds, tried + " nonces in " + seconds + " s");
        assertTrue(tried >= Miner.CHUNK_NONCES, "the search is under way");

        search.cancel();
        assertEquals(Optional.empty(), search.result().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void minerCancelStopsEverySearchAndTheThreadsAreFreeAgain() throws Exception {
        Miner miner = miner(1, Miner.NONCE_SPACE);
        Miner.Search stuck = miner.search(MiningFixtures.impossibleTemplate());
        miner.cancel().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertTrue(stuck.result().isDone());

        Block solved = solve(miner, MiningFixtures.template(ConsensusParams.REGTEST, Bytes.fromHex("02")));
        assertValid(solved, ConsensusParams.REGTEST);
    }

    @Test
    void rollsTheExtraNonceWhenATemplatesNoncesRunOut() throws Exception {
        Bytes extra = Bytes.fromHex("0000000099");
        Block template = MiningFixtures.template(MiningFixtures.hashOf("tip"), 3, ConsensusParams.DEVNET.initialBits(),
                MiningFixtures.MINER_ADDRESS, extra, NOW - 600, List.of(payment("c")));
        long budget = 64;
        Miner miner = miner(2, budget);

        Miner.Search search = miner.search(template);
        Block solved = search.result().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).orElseThrow();

        assertValid(solved, ConsensusParams.DEVNET);
        assertTrue(solved.header().nonce() < budget);
        assertTrue(search.noncesTried() > budget, "devnet needs about 65,000 hashes, far more than one template's " + budget);
        assertNotEquals(extra, MiningFixtures.extraNonce(solved));
        assertEquals(3, solved.transactions().get(0).coinbaseHeight().getAsLong());
        assertEquals(template.transactions().subList(1, 2), solved.transactions().subList(1, 2));
        assertEquals(template.transactions().get(0).outputs(), solved.transactions().get(0).outputs());
        assertEquals(NOW, solved.header().time(), "a rolled header takes the clock's time when it is ahead");
    }

    @Test
    void rollExtraNonceAddsToTheBytesAfterTheHeight() {
        assertEquals(Bytes.fromHex("0000000099"), rolledExtra("0000000099", 0));
        assertEquals(Bytes.fromHex("0100000099"), rolledExtra("0000000099", 1));
        assertEquals(Bytes.fromHex("0001"), rolledExtra("ff", 1));
        assertEquals(Bytes.fromHex("3412"), rolledExtra("", 0x1234));
        assertEquals(Bytes.fromHex("00000001"), rolledExtra("ffffff00", 1));

        Block template = MiningFixtures.template(ConsensusParams.DEVNET, Bytes.fromHex("00"));
        Block rolled = Miner.rollExtraNonce(template, 5, NOW + 1);
        assertEquals(Merkle.rootOf(rolled.transactions()), rolled.header().merkleRoot());
        assertEquals(NOW + 1, rolled.header().time());
        assertEquals(template.header().prevHash(), rolled.header().prevHash());
        assertEquals(7, rolled.transactions().get(0).coinbaseHeight().getAsLong());
    }

    @Test
    void countsHashesForTheHashrate() throws Exception {
        Miner miner = miner(2, Miner.NONCE_SPACE);
        Miner.Search search = miner.search(MiningFixtures.template(ConsensusParams.DEVNET, Bytes.fromHex("0000000005")));
        search.result().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).orElseThrow();

        assertTrue(search.noncesTried() > 0);
        assertEquals(search.noncesTried(), miner.totalHashes());
        assertTrue(miner.hashrate() > 0, "hashrate " + miner.hashrate());
        assertTrue(search.seconds() > 0);
    }

    @Test
    void refusesATemplateWithoutACoinbaseHeight() {
        Transaction notCoinbase = payment("d");
        Block template = new Block(new BlockHeader(1, Hash.ZERO, Merkle.rootOf(List.of(notCoinbase)), NOW,
                ConsensusParams.REGTEST.initialBits(), 0), List.of(notCoinbase));
        assertThrows(IllegalArgumentException.class, () -> miner(1, Miner.NONCE_SPACE).search(template));
    }

    @Test
    void refusesFewerNoncesPerTemplateThanThreads() {
        assertThrows(IllegalArgumentException.class, () -> miner(4, 3));
        assertThrows(IllegalArgumentException.class, () -> miner(1, Miner.NONCE_SPACE + 1));
    }

    private static Bytes rolledExtra(String extraHex, long increment) {
        Block template = MiningFixtures.template(ConsensusParams.REGTEST, Bytes.fromHex(extraHex));
        return MiningFixtures.extraNonce(Miner.rollExtraNonce(template, increment, NOW));
    }

    private static Transaction payment(String seed) {
        PrivateKey owner = PrivateKey.fromBytes(Hashes.sha256(seed.getBytes(StandardCharsets.UTF_8)));
        TxOut spent = new TxOut(500, owner.publicKey().address());
        return new PaymentBuilder()
                .spend(new OutPoint(MiningFixtures.hashOf("funding " + seed), 0), spent, owner)
                .pay(MiningFixtures.MINER_ADDRESS, 400)
                .build();
    }
}
